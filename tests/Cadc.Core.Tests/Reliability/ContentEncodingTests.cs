using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Http;
using Xunit;

namespace Cadc.Core.Tests.Reliability
{
    /// <summary>
    /// Compressed answers of services (TAP, VOTable, registry): still asked for and decoded, but never without a bound,
    /// so that a small compressed body cannot become gigabytes in memory or on disk.
    /// </summary>
    [Collection(FaultMatrix.Name)]
    public sealed class ContentEncodingTests
    {
        private static byte[] Gzip(byte[] data)
        {
            var s = new MemoryStream();
            using (var z = new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
            return s.ToArray();
        }

        private static byte[] Zlib(byte[] data)
        {
            var s = new MemoryStream();
            using (var z = new ZLibStream(s, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
            return s.ToArray();
        }

        private static byte[] Concat(string head, byte[] body) => Encoding.ASCII.GetBytes(head).Concat(body).ToArray();

        [Theory]
        [InlineData("gzip")]
        [InlineData("deflate")]
        public async Task ACompressedVOTable_IsDecoded_AndItsRowsRead(string coding)
        {
            var doc = Encoding.UTF8.GetBytes(Votable.Document(Enumerable.Range(1, 500).ToArray()));
            var body = coding == "gzip" ? Gzip(doc) : Zlib(doc);
            using var server = new RawHttpServer((_, c) => c.SendAsync(Concat(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml",
                "Content-Encoding: " + coding, "Content-Length: " + body.Length), body)));
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"));
            Assert.Null(outcome.Error);
            Assert.Equal(Enumerable.Range(1, 500), outcome.Rows);
            Assert.Contains("gzip", server.Requests.Last().Header("Accept-Encoding") ?? "");
        }

        [Fact]
        public async Task A1MBGzipBody_ThatWouldDecodeTo1GB_IsResponseTooLarge()
        {
            // 64 gzip members of 16 MiB of spaces each: 1 GiB decoded from about 1 MB on the wire.
            var member = Gzip(Enumerable.Repeat((byte)' ', 16 << 20).ToArray());
            var body = Enumerable.Range(0, 64).SelectMany(_ => member).ToArray();
            Assert.InRange(body.Length, 100_000, 2_000_000);
            using var server = new RawHttpServer((_, c) => c.SendAsync(Concat(RawHttpServer.Head(200, "Content-Type: text/xml",
                "Content-Encoding: gzip", "Content-Length: " + body.Length), body)));
            long decoded = 0;
            var error = await FaultKit.Fails(async () =>
            {
                var context = FaultKit.Context();
                using var stream = await context.GetAsync(server.Url("reg/resource-caps"), NullLog.Instance, CancellationToken.None);
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await stream.ReadAsync(buffer, 0, buffer.Length)) > 0) decoded += n;
            });
            Assert.Equal("ResponseTooLarge", error.ErrorId);   // the id is the contract: about_CadcPS_Errors
            Assert.Equal(CadcErrorKind.InvalidData, error.Kind);
            Assert.InRange(decoded, 1, 512L << 20);             // stopped long before the gigabyte
        }

        [Fact]
        public async Task ABrokenGzipBody_IsInvalidResponse()
        {
            var body = Gzip(Encoding.UTF8.GetBytes(Votable.Document(1, 2, 3)));
            body[body.Length / 2] ^= 0xFF;
            body[body.Length / 2 + 1] ^= 0xFF;
            using var server = new RawHttpServer((_, c) => c.SendAsync(Concat(RawHttpServer.Head(200, "Content-Encoding: gzip", "Content-Length: " + body.Length), body)));
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"));
            Assert.NotNull(outcome.Error);
            Assert.Equal(ErrorIds.InvalidResponse, outcome.Error!.ErrorId);
        }
    }
}
