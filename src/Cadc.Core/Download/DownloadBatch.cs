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
    /// No two targets write one file: the batch's <see cref="PathClaims"/> give a name taken by another URL a stable suffix.
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
            var groups = Groups(targets);
            var claims = new PathClaims();
            var named = Claimed(groups, claims);
            using var gate = new SemaphoreSlim(throttle);
            var tasks = groups.Select(async (group, i) =>
            {
                await gate.WaitAsync(call.Cancel).ConfigureAwait(false);
                try
                {
                    var t = named[i];
                    var result = await FileDownloader.DownloadAsync(t.Url, folder, t.FileName, t.ExpectedMd5, t.ExpectedLength, force, claims,
                        new Progress(n => Interlocked.Add(ref bytes, n)), call).ConfigureAwait(false);
                    foreach (var member in group) onSaved(member, result);
                }
                catch (CadcException ex)
                {
                    foreach (var member in group) onError(member, ex);
                }
                finally
                {
                    gate.Release();
                    onProgress(new DownloadProgress(Interlocked.Add(ref done, group.Count), targets.Count, Interlocked.Read(ref bytes)));
                }
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        // The same URL into the same name twice is one download, reported for each target.
        private static List<List<SaveTarget>> Groups(IReadOnlyList<SaveTarget> targets)
            => targets.GroupBy(t => (t.Url.AbsoluteUri, t.FileName)).Select(g => g.ToList()).ToList();

        // Names the plan chose are claimed first, in order; a server's name is claimed when its answer names it.
        private static List<SaveTarget> Claimed(List<List<SaveTarget>> groups, PathClaims claims)
            => groups.Select(g => g[0].FileName is string n ? new SaveTarget(g[0].Id, g[0].Url, claims.Claim(FileDownloader.SafeName(n, g[0].Url), g[0].Url),
                g[0].ExpectedMd5, g[0].ExpectedLength) : g[0]).ToList();

        /// <summary>
        /// The file name each target would be saved under by <see cref="RunAsync"/> (for -WhatIf and -Confirm), in order:
        /// the plan's name as the batch claims it (a name taken by another URL gets its suffix), else the name the URL
        /// gives — the one used unless the server names the file otherwise in its answer (Content-Disposition).
        /// </summary>
        public static IReadOnlyList<string> FileNamesOf(IReadOnlyList<SaveTarget> targets)
        {
            var groups = Groups(targets);
            var claims = new PathClaims();
            var named = Claimed(groups, claims);
            var byTarget = new Dictionary<SaveTarget, string>();
            for (var i = 0; i < groups.Count; i++)
            {
                var url = named[i].Url;
                var name = named[i].FileName ?? claims.Claim(FileDownloader.SafeName(FileDownloader.UrlName(url), url), url);
                foreach (var member in groups[i]) byTarget[member] = name;
            }
            return targets.Select(t => byTarget[t]).ToList();
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
