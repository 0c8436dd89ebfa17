using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Tap;
using Cadc.Core.IO;
using Cadc.Core.Errors;
using Cadc.Core.Text;

namespace Cadc.Core.Tap
{
    /// <summary>How a result is written to a file.</summary>
    public enum TapFileFormat { VOTable, Csv }

    /// <summary>
    /// Saves a TAP result to a file without ever leaving a half-written one: everything goes to
    /// "name.part", which replaces the target only once the whole result was read and the service
    /// reported no error.
    /// </summary>
    public static class TapResultFile
    {
        public sealed class Saved
        {
            internal Saved(string path, long rows, bool overflowed)
            {
                Path = path;
                Rows = rows;
                Overflowed = overflowed;
            }

            public string Path { get; }
            public long Rows { get; }
            public bool Overflowed { get; }
        }

        /// <summary>Runs <paramref name="query"/> and saves its result, at most <see cref="TapQuery.MaxRecords"/> rows of it.</summary>
        public static Task<Saved> SaveAsync(TapService service, TapQuery query, string path, TapFileFormat format, CadcCall call, bool replace = true)
            => SaveAsync((copyTo, c) => service.ExecuteSyncAsync(query, call.WithCancel(c), copyTo), path, format, call, query.MaxRecords, replace);

        /// <summary>
        /// Saves the result <paramref name="open"/> gives (it is passed the stream to copy the response into).
        /// With <paramref name="maxRecords"/>, a service that sends more rows (one that ignores MAXREC, or DaCHS's MAXREC+1
        /// in job results) gives a file of exactly that many: a CSV stops there; a VOTable, copied byte for byte as long as
        /// the limit holds, is then cut after that many rows (<see cref="VOTableCut"/>: the same document up to there, the
        /// table closed, QUERY_STATUS=OVERFLOW after it), and the result is <see cref="Saved.Overflowed"/>.
        /// Without <paramref name="replace"/> a file already under <paramref name="path"/> is never replaced (FileExists).
        /// </summary>
        public static async Task<Saved> SaveAsync(Func<Stream?, CancellationToken, Task<TapResult>> open, string path, TapFileFormat format, CadcCall call, long? maxRecords = null, bool replace = true)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            var part = path + ".part";
            var cut = path + ".cut.part";
            var file = PartFile.Open(part);
            try
            {
                long rows;
                bool overflowed;
                var beyond = false;
                if (format == TapFileFormat.VOTable)
                {
                    (int, int) tableAt;
                    System.Collections.Generic.IReadOnlyList<VOTable.VOTableField> fields;
                    using (var result = await open(Checked(file, cancel), cancel).ConfigureAwait(false))
                    {
                        maxRecords ??= result.Limit;
                        while (result.ReadRow() != null)
                        {
                            cancel.ThrowIfCancellationRequested();
                            if (result.RowCount > maxRecords) { beyond = true; break; }
                        }
                        rows = result.RowCount;
                        overflowed = result.Overflowed;
                        tableAt = result.TableAt;
                        fields = result.Fields;
                    }
                    file.Dispose();
                    if (beyond)
                    {
                        // The .part holds the document up to (at least) the start of the first row beyond the limit.
                        using (var served = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
                        using (var output = PartFile.Open(cut))
                        {
                            try { rows = VOTable.VOTableCut.Write(served, Checked(output, cancel), tableAt, fields, maxRecords!.Value); }
                            catch (VOTable.VOTableFormatException ex)
                            {
                                throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData,
                                    $"The service sent more than {maxRecords:N0} rows, and its answer could not be cut to them: {ex.Message}", path, ex);
                            }
                        }
                        PartFile.TryDelete(part);
                        part = cut;
                    }
                }
                else
                {
                    using (var result = await open(Checked(null, cancel), cancel).ConfigureAwait(false))
                    using (var text = new StreamWriter(file, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
                    {
                        maxRecords ??= result.Limit;
                        var csv = new CsvWriter(text, result.Fields);
                        var names = new string[result.Fields.Count];
                        for (var i = 0; i < names.Length; i++) names[i] = result.Fields[i].Key;
                        csv.WriteHeader(names);
                        object?[]? row;
                        while ((row = result.ReadRow()) != null)
                        {
                            cancel.ThrowIfCancellationRequested();
                            if (result.RowCount > maxRecords) { beyond = true; break; }
                            csv.WriteRow(row);
                        }
                        rows = beyond ? maxRecords!.Value : result.RowCount;
                        overflowed = result.Overflowed;
                    }
                }
                file.Dispose();
                PartFile.Complete(part, path, replace);
                if (beyond) log.Verbose($"The service sent more than -MaxRecords {maxRecords:N0} rows: the file has the first {rows:N0}");
                log.Verbose($"Wrote {rows:N0} rows to {path}");
                return new Saved(path, rows, overflowed || beyond);
            }
            catch
            {
                file.Dispose();
                PartFile.TryDelete(part);
                PartFile.TryDelete(cut);
                throw;
            }
        }

        /// <summary>
        /// Where the response is copied as it is read (into the file, or nowhere for CSV): each write checks the stop
        /// token, so Ctrl+C ends the save however fast the service sends, even between rows (a long cell, a long trailer).
        /// </summary>
        private static WatchedWriteStream Checked(Stream? inner, CancellationToken cancel)
            => new WatchedWriteStream(inner, _ => cancel.ThrowIfCancellationRequested());
    }
}
