using System;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;

namespace Cadc.Core.Http
{
    /// <summary>
    /// The one HTTP pipeline of the process, built with Microsoft.Extensions.Http so connections
    /// are pooled and handlers recycled. Per-runspace state (credentials, caches) lives in
    /// <see cref="CadcContext"/> and travels with each request, not in the handlers.
    /// </summary>
    internal static class CadcHttp
    {
        private const string ClientName = "cadc";

        private static readonly Lazy<IHttpClientFactory> Factory = new Lazy<IHttpClientFactory>(Build);

        public static HttpClient Client() => Factory.Value.CreateClient(ClientName);

        /// <summary>
        /// A pipeline like <see cref="Client"/>'s that presents <paramref name="certificate"/> when a server asks
        /// for one. Separate because the factory's primary handler is shared by every session of the process.
        /// </summary>
        public static HttpClient CreateClient(X509Certificate2 certificate)
        {
            var primary = PrimaryHandler();
            primary.ClientCertificateOptions = ClientCertificateOption.Manual;
            primary.ClientCertificates.Add(certificate);
            HttpMessageHandler pipeline = primary;
            var handlers = Handlers(presentsCertificate: true);
            for (var i = handlers.Length - 1; i >= 0; i--)
            {
                handlers[i].InnerHandler = pipeline;
                pipeline = handlers[i];
            }
            return new HttpClient(pipeline) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        /// <summary>
        /// The handlers of both pipelines, outermost first, made in this one place so they cannot drift apart.
        /// Content codings are the innermost: each attempt and each hop asks for (or refuses) compression itself.
        /// </summary>
        private static DelegatingHandler[] Handlers(bool presentsCertificate) => new DelegatingHandler[]
        {
            new RedirectHandler(presentsCertificate), new RequestLogHandler(), new ResilienceHandler(), new ContentDecodingHandler(),
        };

        private static HttpClientHandler PrimaryHandler() => new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // Never decoded here: a file keeps the bytes the server sent (a .fits.gz sent with Content-Encoding: gzip stays
            // gzip, and its Digest is of those bytes); ContentDecodingHandler decodes the other answers, within a bound.
            AutomaticDecompression = DecompressionMethods.None,
        };

        private static IHttpClientFactory Build()
        {
            var services = new ServiceCollection();
            services.AddHttpClient(ClientName, c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(PrimaryHandler)
                .ConfigureAdditionalHttpMessageHandlers((list, _) =>
                {
                    foreach (var handler in Handlers(presentsCertificate: false)) list.Add(handler);
                });
            return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        }
    }
}
