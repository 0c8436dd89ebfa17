using System;
using System.IO;
using System.IO.Compression;
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
    /// Files as CADC's storage (minoc) serves them: Content-Length, Digest and Content-Encoding come from the
    /// artifact's metadata, so a .fits.gz is sent as its stored gzip bytes with "Content-Encoding: gzip", and the
    /// Digest is the MD5 of those bytes, in the current form (base64 of the 16 bytes) or the legacy one (base64 of
    /// the hex text) that cadcutils still accepts. The file on disk must be the bytes as served.
    /// </summary>
    [Collection(FaultMatrix.Name)]
    public sealed class MinocDownloadTests : IDisposable
    {
        private const string Name = "282502o.fits.gz";
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-minoc-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        /// <summary>The real CADC SODA cutout FITS, gzipped as the archive stores CFHT files.</summary>
        private static readonly byte[] Stored = Gzip(File.ReadAllBytes(Fixtures.PathOf("astroquery/astroquery/cadc/tests/data/query_images.fits")));

        private static byte[] Gzip(byte[] data)
        {
            var s = new MemoryStream();
            using (var z = new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
            return s.ToArray();
        }

        private static string Md5(byte[] bytes) => FaultKit.Md5Hex(bytes);

        /// <summary>Digest: md5=base64(16 bytes), as minoc sends it; legacy: base64 of the 32 hex characters.</summary>
        private static string Digest(string hex, bool legacy)
            => "Digest: md5=" + Convert.ToBase64String(legacy ? Encoding.ASCII.GetBytes(hex) : Convert.FromHexString(hex));

        private static byte[] Concat(string head, byte[] body) => Encoding.ASCII.GetBytes(head).Concat(body).ToArray();

        /// <summary>minoc's GET: the stored bytes with the artifact's headers; Range gives the rest (206), same headers.</summary>
        private static Task Minoc(RawRequest request, RawConnection c, string digest, string encoding = "Content-Encoding: gzip")
        {
            var headers = new[] { digest, encoding, "Content-Type: application/fits", $"Content-Disposition: inline; filename=\"{Name}\"", "Accept-Ranges: bytes",
                "Last-Modified: Tue, 01 Oct 2024 10:00:00 GMT" };
            var range = request.Header("Range");
            if (range is null)
                return c.SendAsync(Concat(RawHttpServer.Head(200, headers.Append("Content-Length: " + Stored.Length).ToArray()), Stored));
            var from = int.Parse(range.Substring("bytes=".Length).TrimEnd('-'));
            return c.SendAsync(Concat(RawHttpServer.Head(206, headers.Append($"Content-Range: bytes {from}-{Stored.Length - 1}/{Stored.Length}")
                .Append("Content-Length: " + (Stored.Length - from)).ToArray()), Stored.Skip(from).ToArray()));
        }

        private Task<DownloadResult> Download(RawHttpServer server)
            => FaultKit.Within(() => FileDownloader.DownloadAsync(server.Url("minoc/files/cadc:CFHT/" + Name), _dir, null, null, false, null,
                new CadcCall(FaultKit.Context(), NullLog.Instance, CancellationToken.None)));

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task AFitsGz_ServedWithContentEncodingGzip_IsSavedAsServed_AndItsDigestVerifies(bool legacy)
        {
            using var server = new RawHttpServer((r, c) => Minoc(r, c, Digest(Md5(Stored), legacy)));
            var result = await Download(server);
            Assert.Equal(Path.Combine(_dir, Name), result.Path);
            Assert.Equal(Stored, File.ReadAllBytes(result.Path));      // still gzip: 1f 8b, not the decoded FITS
            Assert.Equal(Md5(Stored), result.Md5);
            Assert.Equal(new[] { Name }, FaultKit.Files(_dir));
        }

        [Fact]
        public async Task AFileRequest_DoesNotAskForACompressedAnswer()
        {
            using var server = new RawHttpServer((r, c) => Minoc(r, c, Digest(Md5(Stored), false)));
            await Download(server);
            var asked = server.Requests.Single().Header("Accept-Encoding");
            Assert.True(asked is null || !asked.Contains("gzip"), "Accept-Encoding: " + asked);
        }

        [Fact]
        public async Task WithoutADigest_TheFileIsStillTheBytesAsServed()
        {
            using var server = new RawHttpServer((r, c) => Minoc(r, c, ""));
            var result = await Download(server);
            Assert.Equal(Stored, File.ReadAllBytes(result.Path));
            Assert.Equal(Stored.Length, result.Bytes);
        }

        [Fact]
        public async Task AGzipFile_Resumes_WithRange_OnTheStoredBytes()
        {
            // the first attempt drops after 10000 of the stored bytes; its Last-Modified lets the next one continue
            var first = true;
            using var server = new RawHttpServer(async (r, c) =>
            {
                if (!first) { await Minoc(r, c, Digest(Md5(Stored), true)); return; }
                first = false;
                await c.SendAsync(Concat(RawHttpServer.Head(200, Digest(Md5(Stored), true), "Content-Encoding: gzip", "Accept-Ranges: bytes",
                    "Last-Modified: Tue, 01 Oct 2024 10:00:00 GMT", $"Content-Disposition: inline; filename=\"{Name}\"", "Content-Length: " + Stored.Length), Stored.Take(10000).ToArray()));
                await Task.Delay(300);
                c.Reset();
            });
            await FaultKit.Fails(() => Download(server));
            var have = new FileInfo(Path.Combine(_dir, Name + ".part")).Length;
            var result = await Download(server);
            Assert.True(result.Resumed);
            Assert.Equal(Stored, File.ReadAllBytes(result.Path));
            Assert.Contains(server.Requests, r => r.Header("Range") == $"bytes={have}-" && r.Header("If-Range") == "Tue, 01 Oct 2024 10:00:00 GMT");
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task AWrongDigest_InEitherForm_StillDiscardsTheFile(bool legacy)
        {
            using var server = new RawHttpServer((r, c) => Minoc(r, c, Digest(Md5(Stored.Reverse().ToArray()), legacy), ""));
            var error = await FaultKit.Fails(() => Download(server));
            Assert.Equal(ErrorIds.ChecksumMismatch, error.ErrorId);
            Assert.Empty(FaultKit.Files(_dir));
        }

        [Fact]
        public async Task ADigestThatIsNoMd5_IsAMismatch_AsCadcutilsTreatsIt()
        {
            // cadcutils' own corrupted-download test sends md5=YmVlZg== (base64 of "beef"): neither 16 bytes nor 32 hex digits.
            using var server = new RawHttpServer((r, c) => Minoc(r, c, "Digest: md5=YmVlZg==", ""));
            var error = await FaultKit.Fails(() => Download(server));
            Assert.Equal(ErrorIds.ChecksumMismatch, error.ErrorId);
            Assert.Empty(FaultKit.Files(_dir));
        }
    }
}
