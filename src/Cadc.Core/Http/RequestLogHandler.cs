using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Cadc.Core.Http
{
    /// <summary>Reports each request and its answer to the operation's log (shown by -Verbose). Never logs headers: they carry credentials.</summary>
    internal sealed class RequestLogHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var log = RequestOptions.Log(request);
            log.Verbose($"{request.Method} {UrlText.Redact(request.RequestUri)}");
            var watch = Stopwatch.StartNew();
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var type = response.Content?.Headers.ContentType?.MediaType;
            log.Verbose($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(type is null ? "" : " (" + type + ")")} after {watch.ElapsedMilliseconds} ms");
            return response;
        }
    }
}
