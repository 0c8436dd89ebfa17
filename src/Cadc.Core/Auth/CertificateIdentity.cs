using System;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;

namespace Cadc.Core.Auth
{
    /// <summary>A TLS client certificate (ivo://ivoa.net/sso#tls-with-certificate), e.g. cadcproxy.pem.</summary>
    public sealed class CertificateIdentity : CadcIdentity
    {
        private readonly X509Certificate2 _certificate;

        public CertificateIdentity(X509Certificate2 certificate, string path)
            : base(certificate.GetNameInfo(X509NameType.SimpleName, false),
                   new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                   new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero))
        {
            _certificate = certificate;
            Path = path;
            Subject = certificate.Subject;
            Client = Http.CadcHttp.CreateClient(certificate);
        }

        public override AuthMethod Method => AuthMethod.Certificate;

        public string Path { get; }

        public string Subject { get; }

        /// <summary>The pipeline that presents the certificate; used only for the session's trusted hosts.</summary>
        internal HttpClient Client { get; }

        // The certificate travels in the TLS handshake, not in a header.
        internal override void Authorize(HttpRequestMessage request) { }

        public override void Dispose()
        {
            Client.Dispose();
            _certificate.Dispose();
            base.Dispose();
        }
    }
}
