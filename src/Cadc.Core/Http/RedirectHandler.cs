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
            UrlText.RequireHttp(request.RequestUri!, null);
            // A request kept anonymous (its command addressed a service the session does not trust, or its URL came from one)
            // leaves this pipeline before its first byte, as a redirect elsewhere does: no certificate in its handshake.
            if (_presentsCertificate && RequestOptions.IsKeptAnonymous(request))
                return await CadcHttp.Client().SendAsync(Copy(request, request.RequestUri!, request.Method, request.Content), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
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
                var from = current.RequestUri!;
                UrlText.RequireHttp(target, from, redirected: true);
                Refuse(current, response.StatusCode, from, target);
                log.Verbose($"Redirected to {UrlText.Redact(target)}");
                current = Follow(current, response.StatusCode, target);
                if (_presentsCertificate && !SameOrigin(from, target) && !RequestOptions.Trusts(current, target))
                {
                    log.Verbose($"{UrlText.Origin(target)} is not one of the session's CADC hosts: following without the client certificate");
                    return await CadcHttp.Client().SendAsync(current, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Redirects that would send what the request was not meant to: a body (a query, a form, a password) repeated by a
        /// 307/308 on another origin, or a login's answer taken from another origin.
        /// </summary>
        private static void Refuse(HttpRequestMessage current, HttpStatusCode status, Uri from, Uri target)
        {
            if (SameOrigin(from, target)) return;
            var code = (int)status;
            string? why = null;
            if (RequestOptions.StaysOnOrigin(current)) why = "this request is answered only by its own origin";
            else if ((code == 307 || code == 308) && current.Content != null) why = $"a {code} would send the request's body there";
            if (why is null) return;
            throw new CadcException(ErrorIds.RedirectRefused, CadcErrorKind.ProtocolError,
                $"{UrlText.Origin(from)} redirected to {UrlText.Origin(target)}, which was not followed: {why}.", from)
            { RecommendedAction = "Give the service's final URL directly, or tell the service's operators." };
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
            // 307/308 repeat the request as it was (Refuse has kept a body on its origin); the others turn it into a GET
            // (what browsers and curl do).
            var keepMethod = (int)status == 307 || (int)status == 308;
            var next = Copy(previous, target, keepMethod ? previous.Method : HttpMethod.Get, keepMethod ? previous.Content : null);
            var sameOrigin = SameOrigin(previous.RequestUri!, target);
            // From https to http nothing secret follows, not even to a host the session trusts: the hop is readable on the way.
            if (previous.RequestUri!.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps) RequestOptions.KeepAnonymous(next);
            // Another of the session's own hosts (CADC's raven redirecting to a minoc site) gets the credential again,
            // unless the request is kept anonymous (it came from, or through, a host the session does not trust).
            if (!sameOrigin)
            {
                foreach (var header in previous.Headers)
                    if (IsCredential(header.Key)) next.Headers.Remove(header.Key);
                RequestOptions.Authorizer(next)?.Invoke(next);
            }
            return next;
        }

        /// <summary>A new message for <paramref name="target"/> with <paramref name="previous"/>'s headers and settings.</summary>
        private static HttpRequestMessage Copy(HttpRequestMessage previous, Uri target, HttpMethod method, HttpContent? content)
        {
            var next = new HttpRequestMessage(method, target) { Content = content };
            foreach (var header in previous.Headers) next.Headers.TryAddWithoutValidation(header.Key, header.Value);
#pragma warning disable CS0618
            foreach (var p in previous.Properties) next.Properties[p.Key] = p.Value;
#pragma warning restore CS0618
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
