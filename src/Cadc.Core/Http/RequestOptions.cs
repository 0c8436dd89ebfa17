using System;
using System.Net.Http;

namespace Cadc.Core.Http
{
    /// <summary>Per-request settings carried through the handler pipeline in the request's properties.</summary>
    internal static class RequestOptions
    {
        private const string LogKey = "Cadc.Log";
        private const string TimeoutKey = "Cadc.Timeout";
        private const string IdleKey = "Cadc.IdleTimeout";
        private const string RetryKey = "Cadc.Retry";
        private const string AttemptsKey = "Cadc.Attempts";
        private const string BaseDelayKey = "Cadc.BaseDelay";
        private const string AuthorizerKey = "Cadc.Authorizer";
        private const string TrustKey = "Cadc.Trust";
        private const string NoRedirectKey = "Cadc.NoRedirect";
        private const string AnonymousKey = "Cadc.Anonymous";
        private const string StayOnOriginKey = "Cadc.StayOnOrigin";

        /// <param name="timeout">The wait for the answer to start (headers, then the body's first byte) and between reads
        /// of it; an answer wait set before (<see cref="AllowLongAnswer"/>) is kept.</param>
        public static void Set(HttpRequestMessage request, ICadcLog log, TimeSpan timeout, int maxAttempts, TimeSpan retryBaseDelay)
        {
#pragma warning disable CS0618 // Properties is the only per-request bag on netstandard2.0
            request.Properties[LogKey] = log;
            request.Properties[IdleKey] = timeout;
            if (!request.Properties.ContainsKey(TimeoutKey)) request.Properties[TimeoutKey] = Add(timeout, HeldFor(request));
            request.Properties[AttemptsKey] = maxAttempts;
            request.Properties[BaseDelayKey] = retryBaseDelay;
        }

        /// <summary>
        /// Lets the service take up to <paramref name="timeout"/> before its answer starts, e.g. a TAP sync query, which
        /// the service runs before it answers; the answer's reads are then idle-timed as any other.
        /// </summary>
        public static void AllowLongAnswer(HttpRequestMessage request, TimeSpan timeout) => request.Properties[TimeoutKey] = timeout;

        /// <summary>
        /// How long the service is asked to hold a GET before it answers: a UWS blocking poll (WAIT=n) answers when the
        /// job changes or after n seconds, so its wait is n seconds longer than the call's timeout.
        /// </summary>
        private static TimeSpan HeldFor(HttpRequestMessage request)
        {
            if (request.Method != HttpMethod.Get || request.RequestUri is null || request.RequestUri.Query.Length < 2) return TimeSpan.Zero;
            foreach (var pair in request.RequestUri.Query.Substring(1).Split('&'))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0 && string.Equals(pair.Substring(0, eq), "WAIT", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(pair.Substring(eq + 1), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                    return seconds < 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
            }
            return TimeSpan.Zero;
        }

        private static TimeSpan Add(TimeSpan a, TimeSpan b)
            => a == System.Threading.Timeout.InfiniteTimeSpan || b == System.Threading.Timeout.InfiniteTimeSpan ? System.Threading.Timeout.InfiniteTimeSpan : a + b;

        /// <summary>Marks a POST that only reads (a TAP sync query) as safe to send again.</summary>
        public static void AllowRetry(HttpRequestMessage request) => request.Properties[RetryKey] = true;

        /// <summary>GET and HEAD, and requests marked with <see cref="AllowRetry"/>; never anything that creates or changes state.</summary>
        public static bool MayRetry(HttpRequestMessage request)
            => request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
               || (request.Properties.TryGetValue(RetryKey, out var v) && v is bool b && b);

        public static int MaxAttempts(HttpRequestMessage request)
            => request.Properties.TryGetValue(AttemptsKey, out var v) && v is int n ? n : 6;

        public static TimeSpan RetryBaseDelay(HttpRequestMessage request)
            => request.Properties.TryGetValue(BaseDelayKey, out var v) && v is TimeSpan t ? t : TimeSpan.FromSeconds(1);

        /// <summary>Hands a redirect answer back as it is instead of following it (a 303 after a UWS delete means done).</summary>
        public static void DoNotFollowRedirects(HttpRequestMessage request) => request.Properties[NoRedirectKey] = true;

        public static bool FollowsRedirects(HttpRequestMessage request)
            => !(request.Properties.TryGetValue(NoRedirectKey, out var v) && v is bool b && b);

        /// <summary>How the session adds its credential to a request, when the request's host may see it.</summary>
        public static void SetAuthorizer(HttpRequestMessage request, Action<HttpRequestMessage> authorize) => request.Properties[AuthorizerKey] = authorize;

        public static Action<HttpRequestMessage>? Authorizer(HttpRequestMessage request)
            => request.Properties.TryGetValue(AuthorizerKey, out var v) ? v as Action<HttpRequestMessage> : null;

        /// <summary>Which hosts may see the session's client certificate (a redirect elsewhere leaves its pipeline).</summary>
        public static void SetTrust(HttpRequestMessage request, Func<Uri, bool> isTrusted) => request.Properties[TrustKey] = isTrusted;

        /// <summary>True only when a trust rule is set and <paramref name="url"/> passes it: without one, nobody else is trusted.
        /// A request kept anonymous (<see cref="KeepAnonymous"/>) trusts nobody.</summary>
        public static bool Trusts(HttpRequestMessage request, Uri url)
            => !IsKeptAnonymous(request) && request.Properties.TryGetValue(TrustKey, out var v) && v is Func<Uri, bool> isTrusted && isTrusted(url);

        /// <summary>
        /// This request, and every hop it is redirected to, goes without the session's credential (no header, no client
        /// certificate): it was addressed to, or came through, a server the session does not trust, or its URL came from one.
        /// Sticky: a redirect copies it, so an untrusted server cannot bounce a request onto a trusted host to have it authorized.
        /// </summary>
        public static void KeepAnonymous(HttpRequestMessage request) => request.Properties[AnonymousKey] = true;

        public static bool IsKeptAnonymous(HttpRequestMessage request)
            => request.Properties.TryGetValue(AnonymousKey, out var v) && v is bool b && b;

        /// <summary>A redirect to another origin is refused (RedirectRefused) instead of followed: a login's answer must come from the login service.</summary>
        public static void StayOnOrigin(HttpRequestMessage request) => request.Properties[StayOnOriginKey] = true;

        public static bool StaysOnOrigin(HttpRequestMessage request)
            => request.Properties.TryGetValue(StayOnOriginKey, out var v) && v is bool b && b;

        public static ICadcLog Log(HttpRequestMessage request)
            => request.Properties.TryGetValue(LogKey, out var v) && v is ICadcLog l ? l : NullLog.Instance;

        /// <summary>The wait for the answer to start: its headers, and then the first byte of its body.</summary>
        public static TimeSpan Timeout(HttpRequestMessage request)
            => request.Properties.TryGetValue(TimeoutKey, out var v) && v is TimeSpan t ? t : CadcDefaults.Timeout;

        /// <summary>The wait between reads of the answer once it flows; null when the request was not sent by <see cref="CadcContext"/>.</summary>
        public static TimeSpan? IdleTimeout(HttpRequestMessage? request)
            => request != null && request.Properties.TryGetValue(IdleKey, out var v) && v is TimeSpan t ? t : (TimeSpan?)null;
#pragma warning restore CS0618
    }
}
