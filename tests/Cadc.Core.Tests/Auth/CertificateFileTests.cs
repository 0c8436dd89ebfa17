using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cadc.Core.Auth;
using Cadc.Core.Errors;
using Xunit;

namespace Cadc.Core.Tests.Auth
{
    /// <summary>
    /// CertificateFile's two ways to the private key: the runtime's CreateFromPemFile (PowerShell 7), and
    /// its own PKCS#1/PKCS#8 reader for runtimes without it (Windows PowerShell 5.1), forced here.
    /// </summary>
    public sealed class CertificateFileTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-pem-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private string Write(string name, string pem)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, pem);
            return path;
        }

        /// <summary>A proxy-like certificate (CADC's DN shape, valid for the next hour) for <paramref name="key"/>.</summary>
        internal static X509Certificate2 SelfSigned(AsymmetricAlgorithm key)
        {
            var request = key is RSA rsa
                ? new CertificateRequest("CN=cadcps_pem_test, OU=cadc, O=hia, C=ca", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest("CN=cadcps_pem_test, OU=cadc, O=hia, C=ca", (ECDsa)key, HashAlgorithmName.SHA256);
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        }

        /// <summary>The loaded key signs what the certificate's public key verifies: the pair really belongs together.</summary>
        private static void AssertUsable(X509Certificate2 loaded, X509Certificate2 expected)
        {
            Assert.Equal(expected.Thumbprint, loaded.Thumbprint);
            Assert.True(loaded.HasPrivateKey);
            var data = new byte[] { 1, 2, 3, 4, 5 };
            using var privateKey = loaded.GetRSAPrivateKey()!;
            using var publicKey = expected.GetRSAPublicKey()!;
            var signature = privateKey.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            Assert.True(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }

        [Theory]
        [InlineData("pkcs1", false)]
        [InlineData("pkcs1", true)]
        [InlineData("pkcs8", false)]
        [InlineData("pkcs8", true)]
        public void AnRsaKey_IsJoinedToItsCertificate_EitherWay(string keyFormat, bool managed)
        {
            // Several keys, so parameters with leading zero bytes (shorter DER integers) come up too.
            for (var i = 0; i < 6; i++)
            {
                using var rsa = RSA.Create(i % 2 == 0 ? 2048 : 1024);
                using var certificate = SelfSigned(rsa);
                var key = keyFormat == "pkcs1" ? rsa.ExportRSAPrivateKeyPem() : rsa.ExportPkcs8PrivateKeyPem();
                // cadcproxy.pem order: certificate, key, then the chain.
                var path = Write($"cadcproxy{i}.pem", certificate.ExportCertificatePem() + "\n" + key + "\n" + certificate.ExportCertificatePem() + "\n");
                using var loaded = CertificateFile.Load(path, DateTimeOffset.UtcNow, managed);
                AssertUsable(loaded, certificate);
            }
        }

        [Fact]
        public void TheManagedReader_ReadsTheSameParameters_AsTheRuntime()
        {
            using var rsa = RSA.Create(2048);
            var expected = rsa.ExportParameters(true);
            foreach (var pem in new[] { rsa.ExportRSAPrivateKeyPem(), rsa.ExportPkcs8PrivateKeyPem() })
            {
                var read = PemRsaKey.Read(pem);
                Assert.Equal(expected.Modulus, read.Modulus);
                Assert.Equal(expected.Exponent, read.Exponent);
                Assert.Equal(expected.D, read.D);
                Assert.Equal(expected.P, read.P);
                Assert.Equal(expected.Q, read.Q);
                Assert.Equal(expected.DP, read.DP);
                Assert.Equal(expected.DQ, read.DQ);
                Assert.Equal(expected.InverseQ, read.InverseQ);
            }
        }

        [Fact]
        public void AnEcKey_OnTheManagedPath_IsCertificateNotSupported()
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var certificate = SelfSigned(ec);
            var path = Write("ec.pem", certificate.ExportCertificatePem() + "\n" + ec.ExportPkcs8PrivateKeyPem() + "\n");
            var error = Assert.Throws<CadcException>(() => CertificateFile.Load(path, DateTimeOffset.UtcNow, managedKeyReader: true));
            Assert.Equal(ErrorIds.CertificateNotSupported, error.ErrorId);
            Assert.Contains("1.2.840.10045.2.1", error.Message); // id-ecPublicKey, named so the user knows what the file holds
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AKeyOfAnotherCertificate_IsCertificateInvalid(bool managed)
        {
            using var rsa = RSA.Create(2048);
            using var other = RSA.Create(2048);
            using var certificate = SelfSigned(rsa);
            var path = Write("mismatch.pem", certificate.ExportCertificatePem() + "\n" + other.ExportRSAPrivateKeyPem() + "\n");
            var error = Assert.Throws<CadcException>(() => CertificateFile.Load(path, DateTimeOffset.UtcNow, managed));
            Assert.Equal(ErrorIds.CertificateInvalid, error.ErrorId);
        }

        [Theory]
        [InlineData("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----")]
        [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD9\n-----END RSA PRIVATE KEY-----")]
        [InlineData("-----BEGIN PRIVATE KEY-----\n!!!notbase64!!!\n-----END PRIVATE KEY-----")]
        public void ABrokenKey_OnTheManagedPath_IsCertificateInvalid(string key)
        {
            using var rsa = RSA.Create(2048);
            using var certificate = SelfSigned(rsa);
            var path = Write("broken.pem", certificate.ExportCertificatePem() + "\n" + key + "\n");
            var error = Assert.Throws<CadcException>(() => CertificateFile.Load(path, DateTimeOffset.UtcNow, managedKeyReader: true));
            Assert.Equal(ErrorIds.CertificateInvalid, error.ErrorId);
            Assert.Contains("private key", error.Message);
        }
    }
}
