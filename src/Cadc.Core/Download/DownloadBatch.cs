using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;

namespace Cadc.Core.Download
{
    /// <summary>Where a batch stands, as a value: each report is a new snapshot, safe to hand to another thread.</summary>
    public readonly struct DownloadProgress
    {
        public DownloadProgress(int done, int total, long bytes)
        {
            Done = done;
            Total = total;
            Bytes = bytes;
        }

        public int Done { get; }
        public int Total { get; }
        public long Bytes { get; }
        public int Percent => (int)(100L * Done / Math.Max(1, Total));
    }

    /// <summary>
    /// Downloads many files into one folder, at most <c>throttle</c> at a time, each through FileDownloader
    /// (.part, verify, resume). Every target ends in a result or a typed error of its own; one failure stops no other.
    /// </summary>
    public static class DownloadBatch
    {
        public static async Task RunAsync(IReadOnlyList<SaveTarget> targets, string folder, bool force, int throttle, CadcCall call,
            Action<SaveTarget, DownloadResult> onSaved, Action<SaveTarget, CadcException> onError, Action<DownloadProgress> onProgress)
        {
            if (throttle < 1) throw new ArgumentOutOfRangeException(nameof(throttle));
            try { Directory.CreateDirectory(folder); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"Cannot create the folder '{folder}': {ex.Message}", folder, ex);
            }
            var done = 0;
            long bytes = 0;
            using var gate = new SemaphoreSlim(throttle);
            var tasks = targets.Select(async t =>
            {
                await gate.WaitAsync(call.Cancel).ConfigureAwait(false);
                try
                {
                    var result = await FileDownloader.DownloadAsync(t.Url, folder, t.FileName, null, force,
                        new Progress(n => Interlocked.Add(ref bytes, n)), call).ConfigureAwait(false);
                    onSaved(t, result);
                }
                catch (CadcException ex)
                {
                    onError(t, ex);
                }
                finally
                {
                    gate.Release();
                    onProgress(new DownloadProgress(Interlocked.Increment(ref done), targets.Count, Interlocked.Read(ref bytes)));
                }
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        /// <summary>A synchronous IProgress: Progress&lt;T&gt; would post to a captured context.</summary>
        private sealed class Progress : IProgress<long>
        {
            private readonly Action<long> _report;
            public Progress(Action<long> report) => _report = report;
            public void Report(long value) => _report(value);
        }
    }
}
