using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using Xunit;

namespace Cadc.Core.Tests.Download
{
    public sealed class FileDownloaderTests : IDisposable
    {
        // A real file the sandbox serves (Range supported, Content-Disposition, no Digest).
        private static readonly Uri SandboxFile = new Uri("http://127.0.0.1:8089/getproduct/caom2/data/files/CFHT/2376543__2376543o.fits");
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-dl-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private static Task<DownloadResult> Get(Uri url, string dir, string? md5 = null, bool force = false)
            => FileDownloader.DownloadAsync(url, dir, null, md5, force, null, new CadcCall(new CadcContext(), NullLog.Instance, CancellationToken.None));

        [Theory]
        [InlineData("file:///etc/passwd")]
        [InlineData("ftp://127.0.0.1/x.fits")]
        public async Task AUrlThatIsNotHttp_IsUnsupportedUrlScheme_AndNothingIsWritten(string url)
        {
            var error = await Assert.ThrowsAsync<CadcException>(() => Get(new Uri(url), _dir));
            Assert.Equal(ErrorIds.UnsupportedUrlScheme, error.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public async Task AWholeFile_IsSavedUnderItsDispositionName_ThenSkippedWhenIdentical()
        {
            var first = await Get(SandboxFile, _dir);
            Assert.Equal(Path.Combine(_dir, "2376543__2376543o.fits"), first.Path);
            Assert.Equal(60480, first.Bytes);
            Assert.False(first.Skipped);
            Assert.Equal("SIMPLE  =", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(first.Path), 0, 9));
            var second = await Get(SandboxFile, _dir, md5: "md5:" + first.Md5);
            Assert.True(second.Skipped);
            // without an MD5, CadcPS's own record says the untouched file is what it saved from this URL: skipped again
            var ours = await Get(SandboxFile, _dir);
            Assert.True(ours.Skipped);
            // a file that is not that copy (changed since, though of the same length) is the user's: kept, and the error says so
            var bytes = File.ReadAllBytes(first.Path);
            bytes[100] ^= 0xFF;
            File.WriteAllBytes(first.Path, bytes);
            var unknown = await Assert.ThrowsAsync<CadcException>(() => Get(SandboxFile, _dir));
            Assert.Equal(ErrorIds.FileExists, unknown.ErrorId);
            Assert.Equal(bytes, File.ReadAllBytes(first.Path));
            var forced = await Get(SandboxFile, _dir, force: true);
            Assert.False(forced.Skipped);
            Assert.Equal(new[] { "2376543__2376543o.fits" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        }

        [Fact]
        public async Task AFileOfTheSameNameFromAnotherUrl_IsNotOurCopy_AndIsKept()
        {
            // Two datasets whose files share a name and a length: the second is not "already there".
            var first = await Get(SandboxFile, _dir);
            var other = new Uri(SandboxFile.AbsoluteUri + "?copy=2");
            var error = await Assert.ThrowsAsync<CadcException>(() => FileDownloader.DownloadAsync(other, _dir, "2376543__2376543o.fits", null, false, null,
                new CadcCall(new CadcContext(), NullLog.Instance, CancellationToken.None)));
            Assert.Equal(ErrorIds.FileExists, error.ErrorId);
            Assert.Equal(60480, new FileInfo(first.Path).Length);
        }

        [Fact]
        public async Task APartWithoutItsValidator_IsNotContinued_ButDownloadedAgain()
        {
            // The sandbox offers Range and Last-Modified, but nothing says this .part began as that file:
            // continuing it (what the old code did) could join two different files.
            var whole = await Get(SandboxFile, Directory.CreateTempSubdirectory("cadcps-dl-ref-").FullName);
            var part = Path.Combine(_dir, "2376543__2376543o.fits.part");
            File.WriteAllBytes(part, new byte[10000]);
            var resumed = await Get(SandboxFile, _dir);
            Assert.False(resumed.Resumed);
            Assert.Equal(File.ReadAllBytes(whole.Path), File.ReadAllBytes(resumed.Path));
            Assert.Equal(whole.Md5, resumed.Md5);
            Assert.False(File.Exists(part));
            Directory.Delete(Path.GetDirectoryName(whole.Path)!, true);
        }

        [Fact]
        public async Task AWrongDigest_DiscardsTheFile()
        {
            using var server = new MiniServer(ctx =>
            {
                ctx.Response.AddHeader("Digest", "md5=" + Convert.ToBase64String(new byte[16]));
                var body = new byte[1000];
                ctx.Response.ContentLength64 = body.Length;
                ctx.Response.OutputStream.Write(body, 0, body.Length);
            });
            var ex = await Assert.ThrowsAsync<CadcException>(() => Get(new Uri(server.Url + "x.fits"), _dir));
            Assert.Equal(ErrorIds.ChecksumMismatch, ex.ErrorId);
            Assert.Empty(Directory.GetFiles(_dir));
        }

        [Fact]
        public async Task ATruncatedBody_KeepsOnlyThePartFile()
        {
            using var server = new MiniServer(ctx =>
            {
                // a .part is only kept when the server can resume it: Range, and a validator for the next attempt
                ctx.Response.AddHeader("Accept-Ranges", "bytes");
                ctx.Response.AddHeader("ETag", "\"v1\"");
                ctx.Response.ContentLength64 = 5000;
                ctx.Response.OutputStream.Write(new byte[1000], 0, 1000);
                ctx.Response.Abort();   // the connection drops mid-body
            });
            var ex = await Assert.ThrowsAsync<CadcException>(() => Get(new Uri(server.Url + "y.fits"), _dir));
            Assert.Contains(ex.ErrorId, new[] { ErrorIds.ConnectionFailed, ErrorIds.DownloadIncomplete });
            Assert.Equal(new[] { "y.fits.etag", "y.fits.part" }, Directory.GetFiles(_dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Theory]
        [InlineData("../../etc/passwd", "passwd")]
        [InlineData("a/b\\c.fits", "c.fits")]
        [InlineData("..", null)]
        [InlineData("x%2F..%2Fy.fits", "x_.._y.fits")]
        public void FileNames_StayInsideTheFolder(string name, string? expected)
        {
            var safe = FileDownloader.SafeName(name, new Uri("http://example.org/f"));
            if (expected != null) Assert.Equal(expected, safe);
            Assert.DoesNotContain("/", safe);
            Assert.DoesNotContain("\\", safe);
            Assert.NotEqual("..", safe);
        }

        [Theory]
        [InlineData("..")]
        [InlineData("")]
        [InlineData("/")]
        [InlineData("a/...")]
        public void ANameWithNothingLeft_IsNamedByItsUrl_TheSameInEveryProcess(string name)
        {
            // 4dd2cb7f...: printf '%s' 'http://example.org/f' | sha256sum; string.GetHashCode() differed per process.
            Assert.Equal("download-4dd2cb7f", FileDownloader.SafeName(name, new Uri("http://example.org/f")));
        }

        [Fact]
        public void ANameFromAnyUrl_NeverThrows()
        {
            // Math.Abs(int.MinValue) threw for the one URL in 2^32 whose old hash was int.MinValue.
            for (var i = 0; i < 20000; i++)
            {
                var safe = FileDownloader.SafeName(".", new Uri("http://example.org/f" + i));
                Assert.Matches("^download-[0-9a-f]{8}$", safe);
            }
        }

        private sealed class MiniServer : IDisposable
        {
            private readonly HttpListener _listener = new HttpListener();
            public string Url { get; }

            public MiniServer(Action<HttpListenerContext> handle)
            {
                var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                var port = ((IPEndPoint)l.LocalEndpoint).Port;
                l.Stop();
                Url = $"http://127.0.0.1:{port}/";
                _listener.Prefixes.Add(Url);
                _listener.Start();
                _ = Task.Run(async () =>
                {
                    while (_listener.IsListening)
                    {
                        HttpListenerContext ctx;
                        try { ctx = await _listener.GetContextAsync(); } catch { return; }
                        try { handle(ctx); ctx.Response.Close(); } catch { }
                    }
                });
            }

            public void Dispose() { try { _listener.Stop(); _listener.Close(); } catch { } }
        }
    }
}
