using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Cadc.Core.Http
{
    /// <summary>
    /// Runs each request through a Polly pipeline: a retry (only for requests that may be sent again: GET,
    /// HEAD, TAP sync queries) around a per-attempt timeout to response headers. Retried: 503, 504, 408, 429
    /// and failed connections; Retry-After is honoured (seconds or a date, capped at 128 s), otherwise
    /// exponential back-off with jitter. Job creation, phase changes, deletes and logins are never retried.
    /// </summary>
    internal sealed class ResilienceHandler : DelegatingHandler
    {
        internal static readonly TimeSpan RetryAfterCap = TimeSpan.FromSeconds(128);
        private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new ResiliencePropertyKey<HttpRequestMessage>("Cadc.Request");

        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                // The attempt count is per request (CadcConfiguration.MaxAttempts); this is the ceiling.
                MaxRetryAttempts = 20,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context, args.Outcome, args.AttemptNumber)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(Delay(args.Context, args.Outcome, args.AttemptNumber)),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    var what = args.Outcome.Result != null ? $"HTTP {(int)args.Outcome.Result.StatusCode}" : "connection failed";
                    var after = args.Outcome.Result != null && RetryAfter(args.Outcome.Result) is TimeSpan ra ? $" (Retry-After {ra.TotalSeconds:0.#} s{(ra > RetryAfterCap ? ", capped at 128 s" : "")})" : "";
                    RequestOptions.Log(request).Verbose(
                        $"{what} from {UrlText.Origin(request.RequestUri)}{after}: retrying in {args.RetryDelay.TotalSeconds:0.#} s (attempt {args.AttemptNumber + 2} of {RequestOptions.MaxAttempts(request)})");
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => new ValueTask<TimeSpan>(RequestOptions.Timeout(args.Context.Properties.GetValue(RequestKey, null!))),
            })
            .Build();

        private static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome, int attempt)
        {
            var request = context.Properties.GetValue(RequestKey, null!);
            if (!RequestOptions.MayRetry(request) || attempt + 1 >= RequestOptions.MaxAttempts(request)) return false;
            if (outcome.Result != null)
            {
                var code = (int)outcome.Result.StatusCode;
                return code == 503 || code == 504 || code == 408 || code == 429;
            }
            // Connections refused or dropped while connecting may recover; a name that does not resolve will not, nor a
            // certificate that failed validation (the same certificate fails again).
            return outcome.Exception is HttpRequestException ex && !context.CancellationToken.IsCancellationRequested
                   && !(ex.InnerException is SocketException s && s.SocketErrorCode == SocketError.HostNotFound)
                   && TlsFailure(ex) is null
                   && attempt < 2;
        }

        private static TimeSpan? Delay(ResilienceContext context, Outcome<HttpResponseMessage> outcome, int attempt)
        {
            if (outcome.Result != null && RetryAfter(outcome.Result) is TimeSpan after)
                return after > RetryAfterCap ? RetryAfterCap : after;
            var request = context.Properties.GetValue(RequestKey, null!);
            var baseDelay = RequestOptions.RetryBaseDelay(request).TotalMilliseconds * Math.Pow(2, attempt);
            var jitter = 0.8 + 0.4 * ThreadSafeRandom.NextDouble();
            return TimeSpan.FromMilliseconds(Math.Min(baseDelay * jitter, RetryAfterCap.TotalMilliseconds));
        }

        /// <summary>Retry-After as seconds or as an HTTP date.</summary>
        internal static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta.HasValue) return header.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : header.Delta.Value;
            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RequestKey, request);
            try
            {
                return await _pipeline.ExecuteAsync(
                    (ctx, state) => new ValueTask<HttpResponseMessage>(state.Handler.BaseSend(state.Request, ctx.CancellationToken)),
                    context,
                    (Handler: this, Request: request)).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException ex)
            {
                var timeout = RequestOptions.Timeout(request);
                throw new CadcException(ErrorIds.RequestTimeout, CadcErrorKind.OperationTimeout,
                    $"{UrlText.Origin(request.RequestUri)} did not answer within {timeout.TotalSeconds:0.#} s.",
                    request.RequestUri, ex)
                { RecommendedAction = ResponseStream.TimeoutAdvice, Remedy = CadcRemedy.WaitLonger };
            }
            catch (HttpRequestException ex) when (TlsFailure(ex) is { } tls && !cancellationToken.IsCancellationRequested)
            {
                throw new CadcException(ErrorIds.TlsFailure, CadcErrorKind.ConnectionError,
                    $"No secure connection to {request.RequestUri?.Host}: {tls.Message}", request.RequestUri, ex)
                { RecommendedAction = $"Check the URL ({UrlText.Origin(request.RequestUri)}), the system clock and the trusted certificate authorities; a certificate that fails validation is not retried." };
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>The TLS failure (a server certificate that failed validation, a failed handshake) inside <paramref name="ex"/>, if that is what it is.</summary>
        internal static System.Security.Authentication.AuthenticationException? TlsFailure(Exception ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
                if (e is System.Security.Authentication.AuthenticationException tls) return tls;
            return null;
        }

        private Task<HttpResponseMessage> BaseSend(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);

        private static class ThreadSafeRandom
        {
            [ThreadStatic] private static Random? _random;
            public static double NextDouble() => (_random ??= new Random(Guid.NewGuid().GetHashCode())).NextDouble();
        }
    }
}
