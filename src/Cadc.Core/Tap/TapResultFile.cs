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

        public static Task<Saved> SaveAsync(TapService service, TapQuery query, string path, TapFileFormat format, CadcCall call)
            => SaveAsync((copyTo, c) => service.ExecuteSyncAsync(query, call.WithCancel(c), copyTo), path, format, call);

        /// <summary>Saves the result <paramref name="open"/> gives (it is passed the file to copy the response into, or null for CSV).</summary>
        public static async Task<Saved> SaveAsync(Func<Stream?, CancellationToken, Task<TapResult>> open, string path, TapFileFormat format, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            var part = path + ".part";
            var file = PartFile.Open(part);
            try
            {
                long rows;
                bool overflowed;
                if (format == TapFileFormat.VOTable)
                {
                    using (var result = await open(file, cancel).ConfigureAwait(false))
                    {
                        while (result.ReadRow() != null) { }
                        rows = result.RowCount;
                        overflowed = result.Overflowed;
                    }
                }
                else
                {
                    using (var result = await open(null, cancel).ConfigureAwait(false))
                    using (var text = new StreamWriter(file, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
                    {
                        var csv = new CsvWriter(text, result.Fields);
                        var names = new string[result.Fields.Count];
                        for (var i = 0; i < names.Length; i++) names[i] = result.Fields[i].Key;
                        csv.WriteHeader(names);
                        object?[]? row;
                        while ((row = result.ReadRow()) != null) csv.WriteRow(row);
                        rows = result.RowCount;
                        overflowed = result.Overflowed;
                    }
                }
                file.Dispose();
                PartFile.Complete(part, path);
                log.Verbose($"Wrote {rows:N0} rows to {path}");
                return new Saved(path, rows, overflowed);
            }
            catch
            {
                file.Dispose();
                PartFile.TryDelete(part);
                throw;
            }
        }
    }
}
