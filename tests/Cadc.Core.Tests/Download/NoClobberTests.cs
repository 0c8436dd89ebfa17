using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using Cadc.Core.IO;
using Cadc.Core.Tests.Reliability;
using Xunit;

namespace Cadc.Core.Tests.Download
{
    /// <summary>
    /// What is already in the folder, on the raw-socket server: replaced only with force, skipped only on a matching MD5,
    /// never written through a link, and two targets of one batch never share a file.
    /// </summary>
    [Collection(FaultMatrix.Name)]
    public sealed class NoClobberTests : IDisposable
    {
        private const string Name = "n.fits";
        private static readonly byte[] Content = FaultKit.Payload(6000);
        private readonly string _root = Directory.CreateTempSubdirectory("cadcps-noclobber-").FullName;
        private readonly string _dir;
        private readonly string _outside;

        public NoClobberTests()
        {
            _dir = Directory.CreateDirectory(Path.Combine(_root, "folder")).FullName;
            _outside = Path.Combine(_root, "outside.txt");
            File.WriteAllText(_outside, "precious");
        }

        public void Dispose() => Directory.Delete(_root, true);

        private string Target => Path.Combine(_dir, Name);

        private static byte[] Concat(string head, byte[] body) => Encoding.ASCII.GetBytes(head).Concat(body).ToArray();

        private static RawHttpServer Server(params string[] headers)
            => new RawHttpServer((_, c) => c.SendAsync(Concat(RawHttpServer.Head(200, headers.Append("Content-Length: " + Content.Length).ToArray()), Content)));

        private static string DigestOf(byte[] bytes) => "Digest: md5=" + Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(bytes));

        private Task<DownloadResult> Download(RawHttpServer server, string? md5 = null, bool force = false, string path = Name)
            => FaultKit.Within(() => FileDownloader.DownloadAsync(server.Url(path), _dir, null, md5, force, null,
                new CadcCall(FaultKit.Context(maxAttempts: 1), NullLog.Instance, CancellationToken.None)));

        [Fact]
        public async Task OurEarlierCopy_IsSkippedWhileTheServerDescribesTheSameFile_AndReplacedWhenItChanged()
        {
            var version = "\"v1\"";
            var body = Content;
            using var server = new RawHttpServer((_, c) => c.SendAsync(Concat(RawHttpServer.Head(200, "ETag: " + version, "Content-Length: " + body.Length), body)));
            Assert.False((await Download(server)).Skipped);
            var again = await Download(server);
            Assert.True(again.Skipped);                       // no MD5 anywhere: CadcPS's record of what it saved says so
            Assert.Equal(2, server.Requests.Count);
            // the service now has another version of the file, of the same length: our copy is replaced, not kept stale
            version = "\"v2\"";
            body = Content.Select(b => (byte)(b ^ 0x5A)).ToArray();
            var updated = await Download(server);
            Assert.False(updated.Skipped);
            Assert.Equal(body, File.ReadAllBytes(Target));
        }

        [Fact]
        public async Task AFileOfTheSameLength_WithoutAChecksum_IsFileExists_AndLeftAsItWas()
        {
            // the old rule called a file of the same length "identical" and skipped it
            var other = new byte[Content.Length];
            File.WriteAllBytes(Target, other);
            using var server = Server();
            var error = await FaultKit.Fails(() => Download(server));
            Assert.Equal(ErrorIds.FileExists, error.ErrorId);
            Assert.Equal(CadcErrorKind.ResourceExists, error.Kind);
            Assert.Contains("-Force", error.Message, StringComparison.Ordinal);
            Assert.Equal(other, File.ReadAllBytes(Target));
            Assert.Equal(new[] { Name }, FaultKit.Files(_dir));
        }

        [Fact]
        public async Task AFileWhoseMd5Matches_IsSkipped_WhetherTheServiceOrTheCallerKnowsIt()
        {
            File.WriteAllBytes(Target, Content);
            using (var withDigest = Server(DigestOf(Content)))
                Assert.True((await Download(withDigest)).Skipped);
            using var plain = Server();
            Assert.True((await Download(plain, md5: "md5:" + FaultKit.Md5Hex(Content))).Skipped);
        }

        [Fact]
        public async Task AFileWhoseMd5Differs_IsFileExists_UnlessForced()
        {
            var old = Content.Reverse().ToArray();
            File.WriteAllBytes(Target, old);
            using var server = Server(DigestOf(Content));
            Assert.Equal(ErrorIds.FileExists, (await FaultKit.Fails(() => Download(server))).ErrorId);
            Assert.Equal(old, File.ReadAllBytes(Target));
            var forced = await Download(server, force: true);
            Assert.False(forced.Skipped);
            Assert.Equal(Content, File.ReadAllBytes(Target));
        }

        [Fact]
        public void Complete_WithoutReplace_NeverTouchesAFileThatIsThere()
        {
            File.WriteAllText(Target, "someone else's");
            File.WriteAllBytes(Target + ".part", Content);
            var error = Assert.Throws<CadcException>(() => PartFile.Complete(Target + ".part", Target, replace: false));
            Assert.Equal(ErrorIds.FileExists, error.ErrorId);
            Assert.Equal("someone else's", File.ReadAllText(Target));
            PartFile.Complete(Target + ".part", Target, replace: true);
            Assert.Equal(Content, File.ReadAllBytes(Target));
        }

        [Fact]
        public async Task APlantedPartLink_NeverMakesTheDownloadWriteOutsideTheFolder()
        {
            File.CreateSymbolicLink(Target + ".part", _outside);
            using var server = Server("Accept-Ranges: bytes", "ETag: \"x\"");
            var result = await Download(server);
            Assert.Equal("precious", File.ReadAllText(_outside));
            Assert.Equal(Content, File.ReadAllBytes(Target));
            Assert.False(PartFile.IsLink(Target), "the saved file is a link");
            Assert.Equal(new[] { Name }, FaultKit.Files(_dir));
            Assert.False(result.Resumed);
        }

        [Fact]
        public async Task ALinkAtTheFinalName_IsFileExists_AndForceReplacesTheLinkNotItsTarget()
        {
            File.CreateSymbolicLink(Target, _outside);
            using var server = Server(DigestOf(Encoding.ASCII.GetBytes("precious")));
            // even a matching MD5 is not read through a link
            Assert.Equal(ErrorIds.FileExists, (await FaultKit.Fails(() => Download(server))).ErrorId);
            Assert.True(PartFile.IsLink(Target));
            using var plain = Server();
            await Download(plain, force: true);
            Assert.Equal("precious", File.ReadAllText(_outside));
            Assert.False(PartFile.IsLink(Target));
            Assert.Equal(Content, File.ReadAllBytes(Target));
        }

        [Fact]
        public void APartLink_ForAnyPartFileUser_IsReplaced_NotWrittenThrough()
        {
            // TapResultFile (-OutFile) opens its .part the same way
            var part = Path.Combine(_dir, "result.xml.part");
            File.CreateSymbolicLink(part, _outside);
            using (var stream = PartFile.Open(part)) stream.Write(Content, 0, Content.Length);
            PartFile.Complete(part, Path.Combine(_dir, "result.xml"));
            Assert.Equal("precious", File.ReadAllText(_outside));
            Assert.Equal(Content, File.ReadAllBytes(Path.Combine(_dir, "result.xml")));
            // a link is never continued either
            File.CreateSymbolicLink(part, _outside);
            Assert.Equal(ErrorIds.OutFileNotWritable, Assert.Throws<CadcException>(() => PartFile.Open(part, append: true)).ErrorId);
            Assert.Equal("precious", File.ReadAllText(_outside));
        }

        [Fact]
        public void AFinalNameLink_ForAnyPartFileUser_IsReplaced_ItsTargetUntouched()
        {
            var path = Path.Combine(_dir, "result.csv");
            File.CreateSymbolicLink(path, _outside);
            using (var stream = PartFile.Open(path + ".part")) stream.Write(Content, 0, Content.Length);
            PartFile.Complete(path + ".part", path);
            Assert.Equal("precious", File.ReadAllText(_outside));
            Assert.False(PartFile.IsLink(path));
        }

        [Fact]
        public async Task TwoTargetsNamedAlike_GetTwoFiles_InParallel()
        {
            // two different files the server names the same: parallel writers of one .part, or the second replacing the first
            var a = FaultKit.Payload(300000);
            var b = a.Reverse().ToArray();
            using var server = new RawHttpServer(async (r, c) =>
            {
                var body = r.Target.EndsWith("/a", StringComparison.Ordinal) ? a : b;
                await c.SendAsync(RawHttpServer.Head(200, "Content-Disposition: attachment; filename=\"same.fits\"", "Content-Length: " + body.Length));
                await c.DripAsync(body.Take(20).ToArray(), TimeSpan.FromMilliseconds(10));
                await c.SendAsync(body.Skip(20).ToArray());
            });
            var targets = new[] { new SaveTarget("a", server.Url("x/a"), null), new SaveTarget("b", server.Url("x/b"), null) };
            var saved = new ConcurrentDictionary<string, DownloadResult>();
            var errors = new ConcurrentBag<CadcException>();
            await FaultKit.Within(async () =>
            {
                await DownloadBatch.RunAsync(targets, _dir, false, 2, new CadcCall(FaultKit.Context(maxAttempts: 1), NullLog.Instance, CancellationToken.None),
                    (t, r) => saved[t.Id] = r, (_, e) => errors.Add(e), _ => { });
                return 0;
            });
            Assert.Empty(errors);
            Assert.Equal(a, File.ReadAllBytes(saved["a"].Path));
            Assert.Equal(b, File.ReadAllBytes(saved["b"].Path));
            Assert.NotEqual(saved["a"].Path, saved["b"].Path);
            Assert.Equal(2, FaultKit.Files(_dir).Length);
            // the one that did not get "same.fits" has its URL's stable hash: the same name on every run
            var other = saved.Values.Select(s => Path.GetFileName(s.Path)).Single(n => n != "same.fits");
            var url = saved["a"].Path.EndsWith("same.fits", StringComparison.Ordinal) ? server.Url("x/b") : server.Url("x/a");
            Assert.Equal("same~" + FileNames.StableHash(url.AbsoluteUri) + ".fits", other);
        }
    }
}
