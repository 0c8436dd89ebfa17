using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.IO;
using Cadc.Core.Errors;

namespace Cadc.Core.Http
{
    /// <summary>
    /// A response body as read by the parsers: every read honours the caller's cancellation token
    /// (Ctrl+C reaches the socket) and fails when the server sends nothing for the idle timeout,
    /// so a stalled download can never hang. Until the first byte, the request's answer wait applies
    /// instead (a TAP sync query's may be long; a service may send its headers before it runs the query).
    /// Owns and disposes the response.
    /// </summary>
    public sealed class ResponseStream : IO.ForwardReadStream
    {
        private readonly HttpResponseMessage _response;
        private readonly Stream _inner;
        private readonly CancellationToken _cancel;
        private readonly TimeSpan _idleTimeout;
        private readonly TimeSpan _answerTimeout;
        private readonly Uri _url;
        private long _position;

        /// <param name="idleTimeout">For a response to a request sent without its call's settings; a request sent through
        /// <see cref="CadcContext"/> carries its call's own idle and answer timeouts, and those apply.</param>
        internal ResponseStream(HttpResponseMessage response, Stream inner, TimeSpan idleTimeout, CancellationToken cancel)
        {
            _response = response;
            _inner = inner;
            var request = response.RequestMessage;
            var idle = RequestOptions.IdleTimeout(request);
            _idleTimeout = idle ?? idleTimeout;
            _answerTimeout = idle.HasValue ? CadcConfiguration.Longer(RequestOptions.Timeout(request!), _idleTimeout) : _idleTimeout;
            _cancel = cancel;
            _url = response.RequestMessage?.RequestUri ?? new Uri("about:blank");
        }

        /// <summary>Bytes read so far.</summary>
        public long BytesRead => _position;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
            => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            // A body that arrives faster than it is consumed never waits on the socket: stop here too, not only in a wait.
            _cancel.ThrowIfCancellationRequested();
            cancellationToken.ThrowIfCancellationRequested();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancel, cancellationToken);
            var wait = _position == 0 ? _answerTimeout : _idleTimeout;
            linked.CancelAfter(wait);
            try
            {
                var n = await _inner.ReadAsync(buffer, offset, count, linked.Token).ConfigureAwait(false);
                _position += n;
                return n;
            }
            catch (OperationCanceledException) when (!_cancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new CadcException(ErrorIds.RequestTimeout, CadcErrorKind.OperationTimeout,
                    _position == 0
                        ? $"{UrlText.Origin(_url)} sent its headers, then nothing for {wait.TotalSeconds:0.#} s."
                        : $"{UrlText.Origin(_url)} sent nothing for {wait.TotalSeconds:0.#} s after {_position:N0} bytes.", _url)
                { RecommendedAction = TimeoutAdvice, Remedy = CadcRemedy.WaitLonger };
            }
            catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
            {
                _cancel.ThrowIfCancellationRequested();
                throw new CadcException(ErrorIds.ConnectionFailed, CadcErrorKind.ConnectionError,
                    $"The connection to {UrlText.Origin(_url)} broke after {_position:N0} bytes: {ex.GetBaseException().Message}", _url, ex);
            }
        }

        /// <summary>What a user can do about a request that timed out, in protocol terms.</summary>
        internal const string TimeoutAdvice = "Try again later (the service may be busy), or allow a longer wait.";

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
