using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CadcPS.Tests.Infrastructure
{
    /// <summary>Self-signed client certificates written as cadcproxy.pem-style PEM files (certificate, then key).</summary>
    internal static class TestCertificates
    {
        public static X509Certificate2 Write(string path, DateTimeOffset notBefore, DateTimeOffset notAfter, bool withKey = true, string cn = "cadcps_test")
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest($"CN={cn}, OU=cadc, O=hia, C=ca", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var certificate = request.CreateSelfSigned(notBefore, notAfter);
            var pem = certificate.ExportCertificatePem() + "\n" + (withKey ? rsa.ExportPkcs8PrivateKeyPem() + "\n" : "");
            File.WriteAllText(path, pem);
            return certificate;
        }
    }
}
