using System;
using System.Net;
using System.Net.Http;
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

        private static IHttpClientFactory Build()
        {
            var services = new ServiceCollection();
            services.AddHttpClient(ClientName, c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                })
                .AddHttpMessageHandler(() => new RedirectHandler())
                .AddHttpMessageHandler(() => new RequestLogHandler())
                .AddHttpMessageHandler(() => new ResilienceHandler());
            return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        }
    }
}
