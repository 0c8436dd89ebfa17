using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Polly;
using Polly.Timeout;

namespace Cadc.Core.Http
{
    /// <summary>
    /// Runs each request through a Polly pipeline. Today that is the time-to-headers timeout;
    /// the retry strategy (idempotent requests only) belongs here as well.
    /// </summary>
    internal sealed class ResilienceHandler : DelegatingHandler
    {
        private static readonly ResiliencePropertyKey<TimeSpan> TimeoutKey = new ResiliencePropertyKey<TimeSpan>("Cadc.Timeout");

        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => new ValueTask<TimeSpan>(
                    args.Context.Properties.TryGetValue(TimeoutKey, out var t) ? t : CadcDefaults.Timeout),
            })
            .Build();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var timeout = RequestOptions.Timeout(request);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(TimeoutKey, timeout);
            try
            {
                return await _pipeline.ExecuteAsync(
                    (ctx, state) => new ValueTask<HttpResponseMessage>(state.Handler.BaseSend(state.Request, ctx.CancellationToken)),
                    context,
                    (Handler: this, Request: request)).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException ex)
            {
                throw new CadcException(ErrorIds.RequestTimeout, CadcErrorKind.OperationTimeout,
                    $"{request.RequestUri?.GetLeftPart(UriPartial.Authority)} did not answer within {timeout.TotalSeconds:0.#} s.",
                    request.RequestUri, ex)
                { RecommendedAction = "Try again later, or raise the timeout with -TimeoutSec." };
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private Task<HttpResponseMessage> BaseSend(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);
    }
}
