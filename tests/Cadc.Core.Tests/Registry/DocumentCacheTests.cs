using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Registry;
using Xunit;

namespace Cadc.Core.Tests.Registry
{
    /// <summary>
    /// The registry and capabilities documents kept on disk: a new session (a fresh process, as a scheduled script is)
    /// within the lifetime reads neither from the network; an old, broken or oversized file is a miss, never an error.
    /// Against the sandbox's loopback registry, with a cache folder of the test's own.
    /// </summary>
    public sealed class DocumentCacheTests : IDisposable
    {
        private static readonly Uri Registry = new Uri(Environment.GetEnvironmentVariable("CADC_REGISTRY_URL") is { Length: > 0 } r ? r : "http://127.0.0.1:8090/reg/resource-caps");
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "cadcps-cache-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_folder)) Directory.Delete(_folder, true);
        }

        private CadcContext Session(TimeSpan? lifetime = null)
            => new CadcContext(new CadcConfiguration { RegistryUrl = Registry, DocumentCacheFolder = _folder, DocumentCacheLifetime = lifetime ?? TimeSpan.FromMinutes(10) });

        private static async Task<RecordingLog> ResolveTap(CadcContext context)
        {
            var log = new RecordingLog();
            var itf = await context.Services.ResolveAsync(CadcDefaults.TapService, new[] { StandardIds.Tap }, new CadcCall(context, log, CancellationToken.None));
            Assert.Equal("http://127.0.0.1:8089/tap", itf.AccessUrl.AbsoluteUri);
            return log;
        }

        private static int Gets(RecordingLog log) => log.Lines.Count(l => l.StartsWith("GET ", StringComparison.Ordinal));

        [Fact]
        public async Task ASecondSession_WithinTheLifetime_ReadsNothingFromTheNetwork()
        {
            var first = await ResolveTap(Session());
            Assert.Equal(2, Gets(first));                        // the registry, then argus's capabilities
            Assert.Equal(2, Directory.GetFiles(_folder, "*.xml").Length);
            var second = await ResolveTap(Session());
            Assert.Equal(0, Gets(second));
            Assert.Contains(second.Lines, l => l.Contains("from the cache"));
        }

        [Fact]
        public async Task AnOldCopy_IsReadAgain()
        {
            await ResolveTap(Session());
            foreach (var file in Directory.GetFiles(_folder)) File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-11));
            Assert.Equal(2, Gets(await ResolveTap(Session())));
        }

        [Fact]
        public async Task ABrokenCopy_IsAMiss_AndReplaced()
        {
            await ResolveTap(Session());
            foreach (var file in Directory.GetFiles(_folder)) File.WriteAllText(file, "<capabilities broken");
            Assert.Equal(2, Gets(await ResolveTap(Session())));
            Assert.Equal(0, Gets(await ResolveTap(Session())));
        }

        [Fact]
        public async Task ALifetimeOfZero_KeepsNothing()
        {
            await ResolveTap(Session(TimeSpan.Zero));
            Assert.False(Directory.Exists(_folder) && Directory.EnumerateFileSystemEntries(_folder).Any());
            Assert.Equal(2, Gets(await ResolveTap(Session(TimeSpan.Zero))));
        }

        [Fact]
        public void AnOversizedOrLinkedFile_IsAMiss()
        {
            var cache = new DocumentCache(_folder, TimeSpan.FromMinutes(10));
            var url = new Uri("http://127.0.0.1:1/capabilities");
            cache.Write(url, new byte[] { 60, 97, 47, 62 });
            Assert.NotNull(cache.TryRead(url, out _));
            var file = Directory.GetFiles(_folder).Single();
            File.WriteAllBytes(file, new byte[DocumentCache.MaxBytes + 1]);
            Assert.Null(cache.TryRead(url, out _));
            if (OperatingSystem.IsWindows()) return;
            File.Delete(file);
            var target = Path.Combine(_folder, "elsewhere");
            File.WriteAllText(target, "<a/>");
            File.CreateSymbolicLink(file, target);
            Assert.Null(cache.TryRead(url, out _));
        }
    }
}
