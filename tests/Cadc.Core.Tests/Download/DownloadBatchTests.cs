using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using Xunit;

namespace Cadc.Core.Tests.Download
{
    /// <summary>Many files into one folder against the sandbox: a result or an error per target, progress as snapshots.</summary>
    public sealed class DownloadBatchTests : IDisposable
    {
        private const string Files = "http://127.0.0.1:8089/getproduct/caom2/data/files/";
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-batch-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public async Task EveryTarget_EndsInAFileOrItsOwnError_AndProgressCountsToTheEnd()
        {
            var targets = new[]
            {
                new SaveTarget("a", new Uri(Files + "CFHT/2376543__2376543o.fits"), null),
                new SaveTarget("missing", new Uri(Files + "CFHT/nosuch__file.fits"), null),
                new SaveTarget("b", new Uri(Files + "CFHT/2376544__2376544o.fits"), null),
            };
            var saved = new ConcurrentDictionary<string, DownloadResult>();
            var errors = new ConcurrentDictionary<string, CadcException>();
            var progress = new ConcurrentQueue<DownloadProgress>();
            var call = new CadcCall(new CadcContext(new CadcConfiguration { MaxAttempts = 1 }), NullLog.Instance, CancellationToken.None);
            await DownloadBatch.RunAsync(targets, _dir, false, 2, call, (t, r) => saved[t.Id] = r, (t, e) => errors[t.Id] = e, progress.Enqueue);

            Assert.Equal(new[] { "a", "b" }, saved.Keys.OrderBy(k => k));
            Assert.True(saved.Values.All(r => File.Exists(r.Path) && r.Bytes > 0));
            Assert.Equal(new[] { "missing" }, errors.Keys);
            Assert.StartsWith("HttpError", errors["missing"].ErrorId, StringComparison.Ordinal);
            Assert.Equal(3, progress.Count);
            Assert.Equal(new[] { 1, 2, 3 }, progress.Select(p => p.Done).OrderBy(d => d));
            Assert.All(progress, p => Assert.Equal(3, p.Total));
            Assert.Equal(100, progress.Max(p => p.Percent));
        }

        [Fact]
        public async Task AFolderThatCannotBeMade_IsOutFileNotWritable_BeforeAnyRequest()
        {
            var file = Path.Combine(_dir, "a-file");
            File.WriteAllText(file, "x");
            var call = new CadcCall(new CadcContext(), NullLog.Instance, CancellationToken.None);
            var ex = await Assert.ThrowsAsync<CadcException>(() => DownloadBatch.RunAsync(
                new[] { new SaveTarget("a", new Uri(Files + "CFHT/2376543__2376543o.fits"), null) }, Path.Combine(file, "sub"), false, 1, call,
                (_, _) => { }, (_, _) => { }, _ => { }));
            Assert.Equal(ErrorIds.OutFileNotWritable, ex.ErrorId);
        }
    }
}
