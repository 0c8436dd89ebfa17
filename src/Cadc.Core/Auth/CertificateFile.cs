using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Cadc.Core.Errors;

namespace Cadc.Core.Auth
{
    /// <summary>
    /// Reads a PEM file holding a client certificate and its private key, like CADC's cadcproxy.pem, and
    /// refuses one that is outside its validity period before it is ever sent.
    /// </summary>
    public static class CertificateFile
    {
        private static readonly Regex CertificateBlock = new Regex(
            "-----BEGIN CERTIFICATE-----(?<b64>[A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----", RegexOptions.CultureInvariant);
        private static readonly Regex KeyBlock = new Regex("-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----", RegexOptions.CultureInvariant);

        public const string RenewAdvice = "Get a new one with 'cadc-get-cert -u <user>' (cadcutils) or from CADC's credential service, then log in with it.";

        /// <summary>The certificate with its private key, ready for TLS; errors say what is wrong with the file.</summary>
        public static X509Certificate2 Load(string path, DateTimeOffset now) => Load(path, now, managedKeyReader: false);

        /// <param name="managedKeyReader">Read the key with <see cref="PemRsaKey"/> even where the runtime can (tests of the .NET Framework path).</param>
        internal static X509Certificate2 Load(string path, DateTimeOffset now, bool managedKeyReader)
        {
            var text = ReadText(path);
            var certificate = FirstCertificate(text, path);
            CheckValidity(certificate, path, now);
            if (!KeyBlock.IsMatch(text))
                throw Invalid(path, "it holds a certificate but no private key (expected a PEM 'PRIVATE KEY' block in the same file, as in cadcproxy.pem)");
            if (text.Contains("ENCRYPTED PRIVATE KEY") || text.Contains("Proc-Type: 4,ENCRYPTED"))
                throw Invalid(path, "its private key is encrypted; CADC proxy certificates are not, so get a new one");
            using (certificate)
                return WithPrivateKey(path, text, certificate, managedKeyReader);
        }

        /// <summary>The first certificate of the file, without its key (to show dates and subject).</summary>
        public static X509Certificate2 FirstCertificate(string text, string path)
        {
            var match = CertificateBlock.Match(text);
            if (!match.Success) throw Invalid(path, "it holds no PEM certificate ('-----BEGIN CERTIFICATE-----')");
            try
            {
                return new X509Certificate2(Convert.FromBase64String(Regex.Replace(match.Groups["b64"].Value, "\\s", "")));
            }
            catch (Exception ex) when (ex is FormatException || ex is CryptographicException)
            {
                throw Invalid(path, "its certificate cannot be decoded: " + ex.Message);
            }
        }

        public static void CheckValidity(X509Certificate2 certificate, string path, DateTimeOffset now)
        {
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (now > notAfter)
                throw new CadcException(ErrorIds.CertificateExpired, CadcErrorKind.AuthenticationError,
                    $"The certificate in {path} expired on {Format(notAfter)} (it was valid from {Format(notBefore)}).", path)
                { RecommendedAction = RenewAdvice, Remedy = CadcRemedy.RenewCertificate };
            if (now < notBefore)
                throw new CadcException(ErrorIds.CertificateNotYetValid, CadcErrorKind.AuthenticationError,
                    $"The certificate in {path} is not valid before {Format(notBefore)} (valid until {Format(notAfter)}); check this computer's clock.", path)
                { RecommendedAction = "Correct the clock, or wait until the certificate is valid. " + RenewAdvice, Remedy = CadcRemedy.RenewCertificate };
        }

        private static string Format(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

        private static string ReadText(string path)
        {
            if (Directory.Exists(path)) throw Invalid(path, "it is a folder; give the PEM file itself (e.g. ~/.ssl/cadcproxy.pem)");
            try { return File.ReadAllText(path); }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new CadcException(ErrorIds.CertificateNotFound, CadcErrorKind.ObjectNotFound, $"There is no certificate file {path}.", path, ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CadcException(ErrorIds.CertificateInvalid, CadcErrorKind.ReadError, $"The certificate file {path} cannot be read: {ex.Message}", path, ex);
            }
        }

        // X509Certificate2.CreateFromPemFile exists from .NET 5 on (PowerShell 7.1+); netstandard2.0 cannot name it.
        // Elsewhere (Windows PowerShell 5.1) the RSA key is read here and joined with CopyWithPrivateKey (.NET Framework 4.7.2+).
        private static X509Certificate2 WithPrivateKey(string path, string text, X509Certificate2 certificate, bool managedKeyReader)
        {
            var fromPem = managedKeyReader ? null
                : typeof(X509Certificate2).GetMethod("CreateFromPemFile", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(string) }, null);
            return fromPem != null ? ThroughTheRuntime(fromPem, path) : ThroughPemRsaKey(path, text, certificate);
        }

        private static X509Certificate2 ThroughTheRuntime(MethodInfo createFromPemFile, string path)
        {
            X509Certificate2 ephemeral;
            try { ephemeral = (X509Certificate2)createFromPemFile.Invoke(null, new object?[] { path, null })!; }
            catch (TargetInvocationException ex) when (ex.InnerException is CryptographicException || ex.InnerException is ArgumentException)
            {
                throw Invalid(path, "its private key cannot be read or does not match the certificate: " + ex.InnerException.Message);
            }
            using (ephemeral) return Persistable(ephemeral);
        }

        private static X509Certificate2 ThroughPemRsaKey(string path, string text, X509Certificate2 certificate)
        {
            var copyWithKey = typeof(RSACertificateExtensions).GetMethod("CopyWithPrivateKey", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(X509Certificate2), typeof(RSA) }, null);
            if (copyWithKey is null)
                throw NotSupported(path, "this runtime cannot join a PEM private key to a certificate (it needs .NET Framework 4.7.2 or later)");
            RSAParameters parameters;
            try { parameters = PemRsaKey.Read(text); }
            catch (FormatException ex) { throw Invalid(path, "its private key cannot be read: " + ex.Message); }
            catch (NotSupportedException ex) { throw NotSupported(path, "it holds " + ex.Message); }
            using var rsa = RSA.Create();
            try
            {
                rsa.ImportParameters(parameters);
                using var joined = (X509Certificate2)copyWithKey.Invoke(null, new object[] { certificate, rsa })!;
                return Persistable(joined);
            }
            catch (CryptographicException ex) { throw Invalid(path, "its private key cannot be used: " + ex.Message); }
            catch (TargetInvocationException ex) when (ex.InnerException is CryptographicException || ex.InnerException is ArgumentException)
            {
                throw Invalid(path, "its private key does not match the certificate: " + ex.InnerException.Message);
            }
        }

        // TLS on Windows refuses ephemeral keys; a PKCS#12 round trip gives a key every platform can use.
        private static X509Certificate2 Persistable(X509Certificate2 withKey) => new X509Certificate2(withKey.Export(X509ContentType.Pkcs12));

        private static CadcException NotSupported(string path, string why)
            => new CadcException(ErrorIds.CertificateNotSupported, CadcErrorKind.NotImplemented, $"{path} cannot be used as a client certificate here: {why}.", path)
            { RecommendedAction = "Use a runtime that reads this key, or log in with a user name and password.", Remedy = CadcRemedy.UsePasswordInstead };

        private static CadcException Invalid(string path, string why)
            => new CadcException(ErrorIds.CertificateInvalid, CadcErrorKind.InvalidData, $"{path} is not a usable client certificate: {why}.", path)
            { RecommendedAction = RenewAdvice, Remedy = CadcRemedy.RenewCertificate };
    }
}
