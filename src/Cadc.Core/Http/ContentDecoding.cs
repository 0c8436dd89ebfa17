using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;

namespace Cadc.Core.Http
{
    /// <summary>
    /// Content codings, per request (the primary handler decodes nothing itself). A file (a download, a cutout) keeps
    /// its bytes exactly as served: its request asks for no coding, and a Content-Encoding the server sends anyway
    /// is left alone (minoc sends the one in the artifact's metadata, "gzip" for a stored .fits.gz), so the file on
    /// disk, its length and its MD5 are those of the bytes sent. Every other answer (TAP, VOTable, DataLink,
    /// registry, capabilities, UWS) is asked for with Accept-Encoding: gzip, deflate and decoded here, bounded:
    /// it may decode to <see cref="MaxDecodedFloor"/> bytes, or <see cref="MaxRatio"/> times the compressed bytes
    /// if that is more; beyond, reading fails with ResponseTooLarge (a decompression bomb, not data).
    /// </summary>
    internal sealed class ContentDecodingHandler : DelegatingHandler
    {
        private const string AsServedKey = "Cadc.BytesAsServed";

        /// <summary>Marks a request whose body is saved as it is (files, cutouts): nothing is asked for or decoded.</summary>
        public static void KeepBytesAsServed(HttpRequestMessage request)
        {
#pragma warning disable CS0618 // Properties is the only per-request bag on netstandard2.0; redirects copy it to the next hop
            request.Properties[AsServedKey] = true;
        }

        private static bool KeepsBytesAsServed(HttpRequestMessage request)
            => request.Properties.TryGetValue(AsServedKey, out var v) && v is bool b && b;
#pragma warning restore CS0618

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var asServed = KeepsBytesAsServed(request);
            request.Headers.AcceptEncoding.Clear();
            if (!asServed)
            {
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("deflate"));
            }
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var content = response.Content;
            if (asServed || content is null || content.Headers.ContentEncoding.Count != 1) return response;
            var coding = content.Headers.ContentEncoding.First().Trim().ToLowerInvariant();
            if (coding == "gzip" || coding == "x-gzip" || coding == "deflate")
                response.Content = new DecodedContent(content, coding == "deflate", request.RequestUri);
            return response;
        }
    }

    /// <summary>The decoded body of a compressed answer, with the other content headers as sent.</summary>
    internal sealed class DecodedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly bool _deflate;
        private readonly Uri? _url;

        public DecodedContent(HttpContent inner, bool deflate, Uri? url)
        {
            _inner = inner;
            _deflate = deflate;
            _url = url;
            foreach (var header in inner.Headers)
            {
                if (header.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)
                    || header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                    || header.Key.Equals("Content-MD5", StringComparison.OrdinalIgnoreCase)) continue;
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync()
            => new BoundedDecodingStream(await _inner.ReadAsStreamAsync().ConfigureAwait(false), _deflate, _url);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext context)
        {
            using var decoded = await CreateContentReadStreamAsync().ConfigureAwait(false);
            await decoded.CopyToAsync(stream).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>gzip or deflate (zlib-wrapped, or raw as some servers send it) decoded as it is read, within the bound.</summary>
    internal sealed class BoundedDecodingStream : IO.ForwardReadStream
    {
        private readonly Counting _compressed;
        private readonly bool _deflate;
        private readonly Uri? _url;
        private Stream? _decoder;
        private long _decoded;

        public BoundedDecodingStream(Stream compressed, bool deflate, Uri? url)
        {
            _compressed = new Counting(compressed);
            _deflate = deflate;
            _url = url;
        }

        public override long Position { get => _decoded; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
            => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            try
            {
                _decoder ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
                var n = await _decoder.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                _decoded += n;
                if (_decoded > ContentDecoding.Limit(_compressed.Count))
                    throw new CadcException(ErrorIds.ResponseTooLarge, CadcErrorKind.InvalidData,
                        $"{_url?.GetLeftPart(UriPartial.Authority)} sent a compressed answer that decodes to more than {ContentDecoding.Limit(_compressed.Count) / 1048576:N0} MiB "
                        + $"from {_compressed.Count:N0} bytes: CadcPS stopped reading it.", _url)
                    { RecommendedAction = "The service's answer is not plausible data; try again later, or tell CADC if it persists." };
                return n;
            }
            catch (InvalidDataException ex)
            {
                throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData,
                    $"{_url?.GetLeftPart(UriPartial.Authority)} sent a compressed answer that cannot be decoded: {ex.Message}", _url, ex);
            }
        }

        private async Task<Stream> OpenAsync(CancellationToken cancel)
        {
            if (!_deflate) return new GZipStream(_compressed, CompressionMode.Decompress);
            // HTTP's deflate is zlib (RFC 1950): a 2-byte header, then raw deflate; some servers send raw deflate.
            var head = new byte[2];
            var have = 0;
            int n;
            while (have < 2 && (n = await _compressed.ReadAsync(head, have, 2 - have, cancel).ConfigureAwait(false)) > 0) have += n;
            var zlib = have == 2 && (head[0] & 0x0F) == 8 && (head[0] << 8 | head[1]) % 31 == 0;
            Stream source = zlib ? _compressed : new Prefixed(head, have, _compressed);
            return new DeflateStream(source, CompressionMode.Decompress);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _decoder?.Dispose();
                _compressed.Dispose();
            }
            base.Dispose(disposing);
        }

        /// <summary>Counts the compressed bytes the decoder has taken.</summary>
        private sealed class Counting : IO.ForwardReadStream
        {
            private readonly Stream _inner;
            public Counting(Stream inner) => _inner = inner;
            public long Count { get; private set; }
            public override long Position { get => Count; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = _inner.Read(buffer, offset, count);
                Count += n;
                return n;
            }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                var n = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                Count += n;
                return n;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }
        }

        /// <summary>Bytes already read from <paramref name="rest"/>, then the rest of it.</summary>
        private sealed class Prefixed : IO.ForwardReadStream
        {
            private readonly byte[] _head;
            private readonly Stream _rest;
            private readonly int _headLength;
            private int _at;

            public Prefixed(byte[] head, int headLength, Stream rest)
            {
                _head = head;
                _headLength = headLength;
                _rest = rest;
            }

            public override int Read(byte[] buffer, int offset, int count)
                => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (_at < _headLength)
                {
                    var n = Math.Min(count, _headLength - _at);
                    Buffer.BlockCopy(_head, _at, buffer, offset, n);
                    _at += n;
                    return Task.FromResult(n);
                }
                return _rest.ReadAsync(buffer, offset, count, cancellationToken);
            }
        }
    }

    /// <summary>The bound on decoded answers (documented in about_CadcPS_Errors, ResponseTooLarge).</summary>
    internal static class ContentDecoding
    {
        /// <summary>Every compressed answer may decode to this many bytes (256 MiB).</summary>
        public const long MaxDecodedFloor = 256L * 1024 * 1024;

        /// <summary>Beyond the floor, at most this many times the compressed bytes read so far.</summary>
        public const int MaxRatio = 200;

        /// <summary>How many decoded bytes <paramref name="compressed"/> compressed bytes may give.</summary>
        public static long Limit(long compressed) => Math.Max(MaxDecodedFloor, compressed * MaxRatio);
    }
}
