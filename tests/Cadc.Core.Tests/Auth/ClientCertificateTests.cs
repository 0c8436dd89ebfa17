using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Auth;
using Cadc.Core.Http;
using Xunit;

namespace Cadc.Core.Tests.Auth
{
    /// <summary>
    /// A real TLS handshake against a loopback server that asks for a client certificate. The client keeps
    /// full server-certificate validation: it trusts the server because the test's CA is put in the user's
    /// Root store (on Linux .NET trusts ~/.dotnet/corefx/cryptography/x509stores/root), never by a callback.
    /// Like the sandbox the other tests need, this assumes Linux: macOS refuses that store, Windows asks in a dialog.
    /// </summary>
    public sealed class ClientCertificateTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-tls-").FullName;
        private readonly CancellationTokenSource _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        public void Dispose()
        {
            _timeout.Dispose();
            Directory.Delete(_dir, true);
        }

        [Theory]
        [InlineData("generated")]
        [InlineData("pem file")]
        [InlineData("pem file, managed key reader")]
        public async Task CertificateIdentity_PresentsItsCertificateInTheHandshake(string source)
        {
            using var ca = new TrustedTestCa();
            using var server = new TlsServer(ca.IssueServerCertificate());
            using var generated = ClientCertificate(Path.Combine(_dir, "cadcproxy.pem"));
            var certificate = source == "generated"
                ? X509CertificateLoader.LoadPkcs12(generated.Export(X509ContentType.Pkcs12), null) // a copy: the identity disposes what it is given
                // the managed reader is what Windows PowerShell 5.1 uses (no CreateFromPemFile there)
                : CertificateFile.Load(Path.Combine(_dir, "cadcproxy.pem"), DateTimeOffset.UtcNow, managedKeyReader: source.Contains("managed"));
            using var identity = new CertificateIdentity(certificate, "cadcproxy.pem");

            using var response = await Get(identity.Client, server.Url);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("hello", await response.Content.ReadAsStringAsync(_timeout.Token));
            var handshake = Assert.Single(server.Handshakes);
            Assert.Equal(generated.Thumbprint, handshake.ClientThumbprint);
        }

        [Fact]
        public async Task TheSharedClient_PresentsNoCertificate()
        {
            using var ca = new TrustedTestCa();
            using var server = new TlsServer(ca.IssueServerCertificate());

            using var response = await Get(CadcHttp.Client(), server.Url);

            // The server accepts clients without a certificate, so the only difference is what it saw.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var handshake = Assert.Single(server.Handshakes);
            Assert.Null(handshake.ClientThumbprint);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task ARedirect_KeepsTheCertificate_OnlyForTheSessionsOwnHosts(bool targetTrusted)
        {
            using var ca = new TrustedTestCa();
            using var target = new TlsServer(ca.IssueServerCertificate());
            using var cadc = new TlsServer(ca.IssueServerCertificate(), redirectTo: target.Url);
            using var generated = ClientCertificate(Path.Combine(_dir, "cadcproxy.pem"));
            var context = new CadcContext(new CadcConfiguration { Timeout = TimeSpan.FromSeconds(10), MaxAttempts = 1 });
            context.Session.SetIdentity(new CertificateIdentity(CertificateFile.Load(Path.Combine(_dir, "cadcproxy.pem"), DateTimeOffset.UtcNow), "cadcproxy.pem"));
            // As the resolver does for CADC's services (raven redirecting to a minoc site is such a pair).
            context.Session.TrustServiceOf("ivo://cadc.nrc.ca/raven", cadc.Url);
            if (targetTrusted) context.Session.TrustServiceOf("ivo://cadc.nrc.ca/minoc", target.Url);

            using var response = await context.SendAsync(new HttpRequestMessage(HttpMethod.Get, cadc.Url), NullLog.Instance, _timeout.Token);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("hello", await response.Content.ReadAsStringAsync(_timeout.Token));
            Assert.Equal(generated.Thumbprint, Assert.Single(cadc.Handshakes).ClientThumbprint);
            Assert.Equal(targetTrusted ? generated.Thumbprint : null, Assert.Single(target.Handshakes).ClientThumbprint);
            context.Session.Clear();
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task TheCertificate_IsShownToATrustedHost_OnlyForACommandAddressingTheSessionsServices(bool sessionService)
        {
            using var ca = new TrustedTestCa();
            using var cadc = new TlsServer(ca.IssueServerCertificate());
            using var generated = ClientCertificate(Path.Combine(_dir, "cadcproxy.pem"));
            var registry = new Uri("http://127.0.0.1:1/reg");
            var context = new CadcContext(new CadcConfiguration { Timeout = TimeSpan.FromSeconds(10), MaxAttempts = 1 });
            context.Session.BeginTrust(registry);
            context.Session.SetIdentity(new CertificateIdentity(CertificateFile.Load(Path.Combine(_dir, "cadcproxy.pem"), DateTimeOffset.UtcNow), "cadcproxy.pem"));
            context.Session.TrustServiceOf("ivo://cadc.nrc.ca/raven", cadc.Url);
            // The session's own service (no -Service, the session's registry), or a command given another service's URL
            // whose answer names the trusted host.
            var call = sessionService
                ? new CadcCall(context, NullLog.Instance, _timeout.Token, registry)
                : new CadcCall(context, NullLog.Instance, _timeout.Token, registry, "https://elsewhere.example.org/tap");

            using var response = await context.SendAsync(new HttpRequestMessage(HttpMethod.Get, cadc.Url), call.Log, _timeout.Token);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(sessionService ? generated.Thumbprint : null, Assert.Single(cadc.Handshakes).ClientThumbprint);
            context.Session.Clear();
        }

        private async Task<HttpResponseMessage> Get(HttpClient client, Uri url)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            // One attempt: a failed handshake should surface at once, not after the pipeline's retries.
            RequestOptions.Set(request, NullLog.Instance, TimeSpan.FromSeconds(10), 1, TimeSpan.FromSeconds(1));
            return await client.SendAsync(request, _timeout.Token);
        }

        /// <summary>A self-signed certificate without extensions, written like cadcproxy.pem (certificate, then its PKCS#1 "RSA PRIVATE KEY").</summary>
        private static X509Certificate2 ClientCertificate(string pemPath)
        {
            using var rsa = RSA.Create(2048);
            var certificate = CertificateFileTests.SelfSigned(rsa);
            File.WriteAllText(pemPath, certificate.ExportCertificatePem() + "\n" + rsa.ExportRSAPrivateKeyPem() + "\n");
            return certificate;
        }

        /// <summary>A throw-away CA in CurrentUser\Root for the lifetime of one test.</summary>
        private sealed class TrustedTestCa : IDisposable
        {
            private readonly RSA _key = RSA.Create(2048);
            private readonly X509Certificate2 _certificate;

            public TrustedTestCa()
            {
                var request = new CertificateRequest($"CN=CadcPS test CA {Guid.NewGuid():N}", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
                // Outlives what it issues (Create refuses a certificate that ends after its issuer).
                _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(1));
                using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
                store.Open(OpenFlags.ReadWrite);
                // Only the public part: nothing outside the test can sign with this CA.
                using var publicOnly = X509CertificateLoader.LoadCertificate(_certificate.RawData);
                store.Add(publicOnly);
            }

            /// <summary>For "localhost" and 127.0.0.1, with its private key.</summary>
            public X509Certificate2 IssueServerCertificate()
            {
                using var rsa = RSA.Create(2048);
                var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName("localhost");
                san.AddIpAddress(IPAddress.Loopback);
                request.CertificateExtensions.Add(san.Build());
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
                request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, true, false));
                var serial = RandomNumberGenerator.GetBytes(16);
                serial[0] &= 0x7f;
                using var issued = request.Create(_certificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), serial);
                return issued.CopyWithPrivateKey(rsa);
            }

            public void Dispose()
            {
                using (var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser))
                {
                    store.Open(OpenFlags.ReadWrite);
                    store.Remove(_certificate);
                }
                _certificate.Dispose();
                _key.Dispose();
            }
        }

        private sealed record Handshake(string? ClientThumbprint);

        /// <summary>HTTPS on 127.0.0.1 that requires a client certificate, accepts any, and remembers each one.</summary>
        private sealed class TlsServer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly X509Certificate2 _certificate;
            private readonly CancellationTokenSource _stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            private readonly ConcurrentQueue<Handshake> _handshakes = new ConcurrentQueue<Handshake>();

            private readonly Uri? _redirectTo;

            /// <param name="redirectTo">Where every request is sent on with a 302; null: answer "hello".</param>
            public TlsServer(X509Certificate2 certificate, Uri? redirectTo = null)
            {
                _certificate = certificate;
                _redirectTo = redirectTo;
                _listener.Start();
                Url = new Uri($"https://localhost:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
                _ = Task.Run(AcceptLoopAsync);
            }

            public Uri Url { get; }

            public Handshake[] Handshakes => _handshakes.ToArray();

            private async Task AcceptLoopAsync()
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient tcp;
                    try { tcp = await _listener.AcceptTcpClientAsync(_stop.Token); }
                    catch (Exception) { return; }
                    _ = Task.Run(() => ServeAsync(tcp));
                }
            }

            private async Task ServeAsync(TcpClient tcp)
            {
                using (tcp)
                using (var ssl = new SslStream(tcp.GetStream()))
                {
                    try
                    {
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                        {
                            ServerCertificate = _certificate,
                            ClientCertificateRequired = true,
                            // Recorded here, and only the thumbprint: the SslStream owns (and disposes) the certificate.
                            RemoteCertificateValidationCallback = (_, cert, _, _) => { _handshakes.Enqueue(new Handshake(cert?.GetCertHashString())); return true; },
                        }, _stop.Token);

                        var head = new StringBuilder();
                        var buffer = new byte[4096];
                        while (!head.ToString().Contains("\r\n\r\n"))
                        {
                            var n = await ssl.ReadAsync(buffer, _stop.Token);
                            if (n == 0) return;
                            head.Append(Encoding.ASCII.GetString(buffer, 0, n));
                        }
                        var answer = _redirectTo is null
                            ? "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
                            : $"HTTP/1.1 302 Found\r\nLocation: {_redirectTo}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                        await ssl.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
                        await ssl.ShutdownAsync();
                    }
                    catch (Exception ex) when (ex is IOException || ex is System.Security.Authentication.AuthenticationException || ex is OperationCanceledException || ex is ObjectDisposedException)
                    {
                        // The client gave up on the handshake (e.g. it did not trust the server): the test sees that.
                    }
                }
            }

            public void Dispose()
            {
                _stop.Cancel();
                _listener.Stop();
                _stop.Dispose();
                _certificate.Dispose();
            }
        }
    }
}
