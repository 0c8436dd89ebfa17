using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;

namespace Cadc.Core.Http
{
    /// <summary>
    /// Follows redirects itself (the primary handler does not) so that credentials never follow a
    /// redirect to another host, each hop shows in -Verbose, and a loop ends in a clear error. A request marked
    /// with <see cref="RequestOptions.DoNotFollowRedirects"/> gets the redirect itself.
    /// </summary>
    internal sealed class RedirectHandler : DelegatingHandler
    {
        internal const int MaxRedirects = 10;

        private readonly bool _presentsCertificate;

        /// <param name="presentsCertificate">
        /// This pipeline shows a client certificate to any server that asks: a redirect to a host the session
        /// does not trust is then followed through the shared, certificate-less pipeline instead.
        /// </param>
        public RedirectHandler(bool presentsCertificate = false) => _presentsCertificate = presentsCertificate;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var log = RequestOptions.Log(request);
            var current = request;
            for (var hop = 0; ; hop++)
            {
                var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
                var target = RedirectTarget(response, current.RequestUri!);
                if (target is null || !RequestOptions.FollowsRedirects(request)) return response;
                response.Dispose();
                if (hop == MaxRedirects)
                    throw new CadcException(ErrorIds.TooManyRedirects, CadcErrorKind.ProtocolError,
                        $"{UrlText.Redact(request.RequestUri)} redirected more than {MaxRedirects} times.", request.RequestUri);
                log.Verbose($"Redirected to {UrlText.Redact(target)}");
                var from = current.RequestUri!;
                current = Follow(current, response.StatusCode, target);
                if (_presentsCertificate && !SameOrigin(from, target) && !RequestOptions.Trusts(current, target))
                {
                    log.Verbose($"{UrlText.Origin(target)} is not one of the session's CADC hosts: following without the client certificate");
                    return await CadcHttp.Client().SendAsync(current, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private static Uri? RedirectTarget(HttpResponseMessage response, Uri from)
        {
            var code = (int)response.StatusCode;
            if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) return null;
            var location = response.Headers.Location;
            if (location is null) return null;
            return location.IsAbsoluteUri ? location : new Uri(from, location);
        }

        private static HttpRequestMessage Follow(HttpRequestMessage previous, HttpStatusCode status, Uri target)
        {
            // 307/308 repeat the request as it was; the others turn it into a GET (what browsers and curl do).
            var keepMethod = (int)status == 307 || (int)status == 308;
            var next = new HttpRequestMessage(keepMethod ? previous.Method : HttpMethod.Get, target);
            if (keepMethod) next.Content = previous.Content;
            var sameOrigin = SameOrigin(previous.RequestUri!, target);
            foreach (var header in previous.Headers)
            {
                if (!sameOrigin && IsCredential(header.Key)) continue;
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
#pragma warning disable CS0618
            foreach (var p in previous.Properties) next.Properties[p.Key] = p.Value;
#pragma warning restore CS0618
            // Another of the session's own hosts (CADC's raven redirecting to a minoc site) gets the credential again.
            if (!sameOrigin) RequestOptions.Authorizer(next)?.Invoke(next);
            return next;
        }

        private static bool SameOrigin(Uri a, Uri b)
            => Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

        private static bool IsCredential(string header)
            => header.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
            || header.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
            || header.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase);
    }
}
