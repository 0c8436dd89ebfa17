using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Tests.Reliability;
using Xunit;

namespace Cadc.Core.Tests.Auth
{
    /// <summary>A server whose certificate fails validation: one attempt, then a typed error naming the host.</summary>
    public sealed class TlsFailureTests
    {
        [Fact]
        public async Task AnUntrustedCertificate_IsTlsFailure_AndIsNotRetried()
        {
            using var server = new SelfSignedTlsServer();
            // Six attempts allowed, and a refused connection would be retried: a certificate that fails is not.
            var context = new CadcContext(new CadcConfiguration { Timeout = TimeSpan.FromSeconds(10), MaxAttempts = 6, RetryBaseDelay = TimeSpan.FromMilliseconds(20) });

            var error = await FaultKit.Fails(async () => { using var _ = await context.GetAsync(server.Url, NullLog.Instance, CancellationToken.None); });

            Assert.Equal(ErrorIds.TlsFailure, error.ErrorId);
            Assert.Equal(CadcErrorKind.ConnectionError, error.Kind);
            Assert.Contains("localhost", error.Message);
            await Task.Delay(300); // a retry, if any, would have connected by now
            Assert.Equal(1, server.Connections);
        }

        /// <summary>HTTPS on 127.0.0.1 with a self-signed certificate no store trusts; counts the connections it accepts.</summary>
        private sealed class SelfSignedTlsServer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly CancellationTokenSource _stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            private readonly X509Certificate2 _certificate;
            private int _connections;

            public SelfSignedTlsServer()
            {
                using var rsa = RSA.Create(2048);
                var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName("localhost");
                request.CertificateExtensions.Add(san.Build());
                using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
                _certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
                _listener.Start();
                Url = new Uri($"https://localhost:{((IPEndPoint)_listener.LocalEndpoint).Port}/tap/sync");
                _ = Task.Run(AcceptLoopAsync);
            }

            public Uri Url { get; }

            public int Connections => Volatile.Read(ref _connections);

            private async Task AcceptLoopAsync()
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient tcp;
                    try { tcp = await _listener.AcceptTcpClientAsync(_stop.Token); }
                    catch (Exception) { return; }
                    Interlocked.Increment(ref _connections);
                    _ = Task.Run(async () =>
                    {
                        using (tcp)
                        using (var ssl = new SslStream(tcp.GetStream()))
                        {
                            try { await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token); }
                            catch (Exception) { /* the client refused the certificate: what the test provokes */ }
                        }
                    });
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
