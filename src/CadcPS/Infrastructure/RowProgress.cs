using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.IO;
using Cadc.Core.Tap;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Progress of a TAP result as it arrives: rows and bytes received, a few updates a second at most, and a Completed
    /// record at the end. A query or a job result of many rows was silent for as long as it took. Its activity id is its
    /// own (Wait-CadcJob's is 1, Save-CadcImage's 2), so Receive-CadcJob -Wait shows the wait and then the download.
    /// Records go through the <see cref="PipelineWriter"/>: only the pipeline thread writes them.
    /// </summary>
    /// <remarks>
    /// <see cref="Row"/> runs once per row in the row loop, so it is a counter check; the clock is read only every
    /// <c>_stride</c> rows, and the stride adapts (doubling while checks come sooner than the interval, halving when
    /// they come much later) so that checks come about as often as updates are shown, however fast rows arrive.
    /// </remarks>
    internal sealed class RowProgress
    {
        internal const int ActivityId = 3;
        private const string Activity = "Receiving the TAP result";
        private const long MaxStride = 1 << 16;
        // At most 4 updates a second: PowerShell redraws the bar for each.
        private static readonly long Interval = Stopwatch.Frequency / 4;

        private readonly PipelineWriter _writer;
        private readonly string? _file;
        private TapResult? _result;
        private long _rows;
        private long _bytes;
        private long _next = 1;
        private long _stride = 1;
        private long _last = Stopwatch.GetTimestamp();

        /// <summary>Progress of <paramref name="result"/>'s rows as they are written to the pipeline.</summary>
        internal RowProgress(PipelineWriter writer, TapResult result) : this(writer, (string?)null) => _result = result;

        /// <param name="file">Where the result is saved (-OutFile), named in the record; null: rows to the pipeline.</param>
        private RowProgress(PipelineWriter writer, string? file)
        {
            _writer = writer;
            _file = file;
        }

        /// <summary>
        /// Saves a result to <paramref name="path"/> (TapResultFile) with its progress: the bytes copied and the rows read,
        /// then the rows kept. <paramref name="open"/> opens the result, copying the response into the stream it is given.
        /// </summary>
        internal static async Task<TapResultFile.Saved> SaveAsync(PipelineWriter writer, string path, Func<Stream?, CancellationToken, Task<TapResult>> open,
            TapFileFormat format, CadcCall call, long? maxRecords, bool replace)
        {
            var progress = new RowProgress(writer, Path.GetFileName(path));
            var saved = await TapResultFile.SaveAsync(async (copy, c) => progress.Watch(await open(progress.Copying(copy), c).ConfigureAwait(false)),
                path, format, call, maxRecords, replace).ConfigureAwait(false);
            progress.Done(saved.Rows);
            return saved;
        }

        /// <summary>Shown before the request, while the service runs the query (a sync query's longest silence).</summary>
        internal static void Waiting(PipelineWriter writer)
            => writer.WriteProgress(new ProgressRecord(ActivityId, Activity, "waiting for the service to answer") { RecordType = ProgressRecordType.Processing });

        /// <summary>One row received. A counter check; the clock only every so many rows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Row()
        {
            if (++_rows >= _next) Check();
        }

        /// <summary>The result being saved, once it is open: its rows are counted as it reads them.</summary>
        private TapResult Watch(TapResult result)
        {
            _result = result;
            return result;
        }

        /// <summary>The stream the response is copied into while a result is saved, counting what passes.</summary>
        private WatchedWriteStream Copying(Stream? inner) => new WatchedWriteStream(inner, Bytes);

        /// <summary>The end: the totals, as a Completed record.</summary>
        /// <param name="rows">The rows kept, when fewer than were read (a saved file cut at the job's MAXREC).</param>
        internal void Done(long? rows = null)
        {
            if (rows.HasValue) { _rows = rows.Value; _result = null; }
            _writer.WriteProgress(new ProgressRecord(ActivityId, Activity, Status()) { RecordType = ProgressRecordType.Completed });
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Check()
        {
            var now = Stopwatch.GetTimestamp();
            var since = now - _last;
            if (since < Interval)
            {
                if (_stride < MaxStride) _stride *= 2;
            }
            else
            {
                if (since > 4 * Interval && _stride > 1) _stride /= 2;
                _last = now;
                // A new record each time: the pipeline thread reads the last one while this thread goes on.
                _writer.WriteProgress(new ProgressRecord(ActivityId, Activity, Status()) { RecordType = ProgressRecordType.Processing });
            }
            _next = _rows + _stride;
        }

        private void Bytes(int count)
        {
            _bytes += count;
            // Writes come a buffer at a time, not a row at a time: a clock read each is negligible.
            if (Stopwatch.GetTimestamp() - _last >= Interval) Check();
        }

        private string Status()
        {
            // Rows written to the pipeline (not one read beyond -MaxRecords), or, while a file is saved, rows read.
            var rows = _file is null ? _rows : _result?.RowCount ?? _rows;
            var bytes = _file is null ? _result?.BytesRead ?? 0 : _bytes;
            return $"{rows:N0} rows, {Size(bytes)} received" + (_file is null ? "" : $", saving to {_file}");
        }

        private static string Size(long bytes)
            => bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.0} KB" : bytes < 1024L * 1024 * 1024 ? $"{bytes / 1048576.0:0.0} MB" : $"{bytes / 1073741824.0:0.00} GB";
    }
}
