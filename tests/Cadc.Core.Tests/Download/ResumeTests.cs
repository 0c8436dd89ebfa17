using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using Cadc.Core.Tests.Reliability;
using Xunit;

namespace Cadc.Core.Tests.Download
{
    /// <summary>
    /// Resuming a .part on the raw-socket server: only with the validator of the response that began it (If-Range),
    /// only with a 206 that is exactly the rest of that file; anything else starts again from byte 0.
    /// </summary>
    [Collection(FaultMatrix.Name)]
    public sealed class ResumeTests : IDisposable
    {
        private const string Name = "r.fits";
        private static readonly byte[] V1 = FaultKit.Payload(20000);
        private static readonly byte[] V2 = V1.Select(b => (byte)(b ^ 0x5a)).ToArray();
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-resume-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private string Target => Path.Combine(_dir, Name);

        private Task<DownloadResult> Download(RawHttpServer server)
            => FaultKit.Within(() => FileDownloader.DownloadAsync(server.Url(Name), _dir, null, null, false, null,
                new CadcCall(FaultKit.Context(maxAttempts: 1), NullLog.Instance, CancellationToken.None)));

        private static byte[] Concat(string head, byte[] body) => Encoding.ASCII.GetBytes(head).Concat(body).ToArray();

        /// <summary>The whole file with its headers, cut after 8000 bytes by a reset: what a dropped connection leaves.</summary>
        private static async Task Interrupted(RawConnection c, byte[] content, params string[] headers)
        {
            await c.SendAsync(Concat(RawHttpServer.Head(200, headers.Append("Content-Length: " + content.Length).ToArray()), content.Take(8000).ToArray()));
            await Task.Delay(300);
            c.Reset();
        }

        /// <summary>A server that honours Range (and, with <paramref name="ifRange"/>, If-Range against its own validator).</summary>
        private static Task Serve(RawRequest request, RawConnection c, byte[] content, string validatorHeader, string validator, bool ifRange = true)
        {
            var range = request.Header("Range");
            var asked = request.Header("If-Range");
            var headers = new[] { "Accept-Ranges: bytes", validatorHeader + ": " + validator };
            if (range is null || (ifRange && asked != validator))
                return c.SendAsync(Concat(RawHttpServer.Head(200, headers.Append("Content-Length: " + content.Length).ToArray()), content));
            var from = int.Parse(range.Substring("bytes=".Length).TrimEnd('-'));
            return c.SendAsync(Concat(RawHttpServer.Head(206, headers.Append($"Content-Range: bytes {from}-{content.Length - 1}/{content.Length}")
                .Append("Content-Length: " + (content.Length - from)).ToArray()), content.Skip(from).ToArray()));
        }

        private async Task<long> InterruptFirst(RawHttpServer server)
        {
            await FaultKit.Fails(() => Download(server));
            Assert.True(File.Exists(Target + ".part"), "the interrupted download left no .part");
            return new FileInfo(Target + ".part").Length;
        }

        [Theory]
        [InlineData("ETag", "\"v1\"")]
        [InlineData("Last-Modified", "Tue, 01 Oct 2024 10:00:00 GMT")]
        public async Task AnInterruptedDownload_Resumes_WithIfRange_AndTheValidatorOfItsFirstResponse(string header, string validator)
        {
            var calls = 0;
            using var server = new RawHttpServer((r, c) => Interlocked.Increment(ref calls) == 1
                ? Interrupted(c, V1, "Accept-Ranges: bytes", header + ": " + validator)
                : Serve(r, c, V1, header, validator));
            var have = await InterruptFirst(server);
            var result = await Download(server);
            Assert.True(result.Resumed);
            Assert.Equal(V1, File.ReadAllBytes(Target));
            var ranged = server.Requests.Single(r => r.Header("Range") != null);
            Assert.Equal($"bytes={have}-", ranged.Header("Range"));
            Assert.Equal(validator, ranged.Header("If-Range"));
            Assert.Equal(new[] { Name }, FaultKit.Files(_dir));
        }

        [Fact]
        public async Task AFileThatChangedSinceThePartBegan_IsDownloadedAgain_NeverSpliced()
        {
            // Run 1 gets the head of version 1; the file is then replaced. Range alone (the old code) joined
            // version 1's head to version 2's tail: a file that never existed, under the final name.
            var calls = 0;
            using var server = new RawHttpServer((r, c) => Interlocked.Increment(ref calls) == 1
                ? Interrupted(c, V1, "Accept-Ranges: bytes", "ETag: \"v1\"")
                : Serve(r, c, V2, "ETag", "\"v2\"", ifRange: false));
            await InterruptFirst(server);
            var result = await Download(server);
            Assert.False(result.Resumed);
            Assert.Equal(V2, File.ReadAllBytes(Target));
            Assert.DoesNotContain(server.Requests, r => r.Header("Range") != null);
        }

        [Fact]
        public async Task AServerAnsweringIfRangeWith200_IsSavedFromByteZero()
        {
            // The plain GET still names version 1, but by the ranged request the file changed: If-Range fails, 200 follows.
            var calls = 0;
            using var server = new RawHttpServer((r, c) =>
            {
                var n = Interlocked.Increment(ref calls);
                if (n == 1) return Interrupted(c, V1, "Accept-Ranges: bytes", "ETag: \"v1\"");
                return r.Header("Range") is null ? Serve(r, c, V1, "ETag", "\"v1\"") : Serve(r, c, V2, "ETag", "\"v2\"");
            });
            await InterruptFirst(server);
            var result = await Download(server);
            Assert.False(result.Resumed);
            Assert.Equal(V1, File.ReadAllBytes(Target));        // the first answer's whole body: one version, from byte 0
            Assert.Equal("\"v1\"", server.Requests.Single(r => r.Header("Range") != null).Header("If-Range"));
            Assert.Equal(new[] { Name }, FaultKit.Files(_dir));
        }

        [Theory]
        [InlineData("bytes {0}-{1}/*")]           // the total unknown: "2880-2889/*" is ten bytes of something
        [InlineData("bytes {0}-{1}/99999")]       // another file's total
        [InlineData("bytes 0-{1}/20000")]         // not where it was asked to start
        public async Task A206ThatIsNotTheRestOfTheFile_IsNeverSavedAsComplete(string contentRange)
        {
            var calls = 0;
            using var server = new RawHttpServer((r, c) =>
            {
                if (Interlocked.Increment(ref calls) == 1) return Interrupted(c, V1, "Accept-Ranges: bytes", "ETag: \"v1\"");
                var range = r.Header("Range");
                if (range is null) return Serve(r, c, V1, "ETag", "\"v1\"");
                var from = int.Parse(range.Substring("bytes=".Length).TrimEnd('-'));
                var body = V1.Skip(from).Take(10).ToArray();
                return c.SendAsync(Concat(RawHttpServer.Head(206, "Accept-Ranges: bytes", "ETag: \"v1\"",
                    "Content-Range: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, contentRange, from, from + 9), "Content-Length: 10"), body));
            });
            await InterruptFirst(server);
            var result = await Download(server);
            Assert.False(result.Resumed);
            Assert.Equal(V1, File.ReadAllBytes(Target));
        }

        [Fact]
        public async Task A206ToAPlainRequest_IsUnexpectedPartialContent_AndNothingIsSaved()
        {
            using var server = new RawHttpServer((_, c) => c.SendAsync(Concat(RawHttpServer.Head(206, "Content-Range: bytes 0-99/20000", "Content-Length: 100"), V1.Take(100).ToArray())));
            var error = await FaultKit.Fails(() => Download(server));
            Assert.Equal(ErrorIds.UnexpectedPartialContent, error.ErrorId);
            Assert.Empty(FaultKit.Files(_dir));
        }

        [Fact]
        public async Task WithoutAValidator_NothingIsResumed_AndNoPartIsKept()
        {
            var calls = 0;
            using var server = new RawHttpServer((r, c) =>
            {
                if (Interlocked.Increment(ref calls) == 1) return Interrupted(c, V1, "Accept-Ranges: bytes");
                return c.SendAsync(Concat(RawHttpServer.Head(200, "Accept-Ranges: bytes", "Content-Length: " + V1.Length), V1));
            });
            await FaultKit.Fails(() => Download(server));
            // nothing can tell a later run that a .part is still this file
            Assert.Empty(FaultKit.Files(_dir));
            File.WriteAllBytes(Target + ".part", V2.Take(5000).ToArray());     // a .part of unknown origin
            var result = await Download(server);
            Assert.False(result.Resumed);
            Assert.Equal(V1, File.ReadAllBytes(Target));
            Assert.DoesNotContain(server.Requests, r => r.Header("Range") != null);
        }

        [Fact]
        public async Task AChunkedBody_ShorterThanDataLinksContentLength_IsDownloadIncomplete()
        {
            // no Content-Length: only the length DataLink gave (content_length) tells that the body ended early
            using var server = new RawHttpServer((_, c) => c.SendAsync(RawHttpServer.Head(200, "Transfer-Encoding: chunked")
                + RawHttpServer.Chunk(new string('x', 100)) + RawHttpServer.LastChunk));
            var error = await FaultKit.Fails(() => FaultKit.Within(() => FileDownloader.DownloadAsync(server.Url(Name), _dir, null, null, 20000, false, null, null,
                new CadcCall(FaultKit.Context(maxAttempts: 1), NullLog.Instance, CancellationToken.None))));
            Assert.Equal(ErrorIds.DownloadIncomplete, error.ErrorId);
            Assert.Empty(FaultKit.Files(_dir));
        }
    }
}
