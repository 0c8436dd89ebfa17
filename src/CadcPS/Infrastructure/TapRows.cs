using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Tap;
using Cadc.Core.VOTable;

namespace CadcPS.Infrastructure
{
    /// <summary>Runs a TAP query and hands each row, as a PSObject, to the pipeline writer as it arrives.</summary>
    internal static class TapRows
    {
        /// <param name="added">Given the result's fields, columns to compute for each row (null: the service's only).</param>
        public static async Task StreamAsync(CadcCall call, TapQuery query, PipelineWriter writer, string? typeName = null,
            Func<IReadOnlyList<VOTableField>, AddedColumns>? added = null)
        {
            var tap = await TapService.ResolveAsync(call).ConfigureAwait(false);
            RowProgress.Waiting(writer);
            using var result = await tap.ExecuteSyncAsync(query, call).ConfigureAwait(false);
            await WriteRowsAsync(result, query.MaxRecords, writer, typeName, added?.Invoke(result.Fields)).ConfigureAwait(false);
        }

        /// <summary>Writes the rows of an open result, then the row count and any overflow warning.</summary>
        public static Task WriteRowsAsync(TapResult result, long? maxRecords, PipelineWriter writer, string? typeName = null, AddedColumns? added = null)
        {
            var rows = new RowObjectFactory(added is null ? result.Fields : added.After(result.Fields), writer, typeName);
            object?[]? row;
            long written = 0;
            var beyondLimit = false;
            var progress = new RowProgress(writer, result);
            while ((row = result.ReadRow()) != null)
            {
                // Some services (DaCHS's async results) send MAXREC+1 rows to show the overflow: keep to the limit.
                if (maxRecords.HasValue && written >= maxRecords.Value) { beyondLimit = true; break; }
                writer.WriteObject(rows.Create(added is null ? row : added.Extend(row)));
                written++;
                progress.Row();
            }
            progress.Done();
            var bytes = result.BytesRead;
            writer.Verbose(result.FirstRowAtBytes is long first && bytes > 0
                ? $"{written:N0} rows, {bytes:N0} bytes; the first row was out after {first:N0} bytes ({100.0 * first / bytes:0.#}%)"
                : $"{written:N0} rows, {bytes:N0} bytes");
            if (IsMetadataOnly(maxRecords))
                writer.Verbose($"-MaxRecords 0: the columns only ({result.Fields.Count:N0}), no rows");
            else if (beyondLimit || result.Overflowed)
                writer.Warning(OverflowWarning(maxRecords, written));
            return Task.CompletedTask;
        }

        /// <summary>MAXREC=0 asks for the columns only: no rows is the answer, not a truncation (though DaCHS marks it OVERFLOW).</summary>
        public static bool IsMetadataOnly(long? maxRecords) => maxRecords == 0;

        public static string OverflowWarning(TapQuery query, long rows) => OverflowWarning(query.MaxRecords, rows);

        public static string OverflowWarning(long? maxRecords, long rows)
            => maxRecords.HasValue
                ? $"The result was truncated at {rows:N0} rows: the service stopped at -MaxRecords {maxRecords.Value:N0} (QUERY_STATUS=OVERFLOW). Raise -MaxRecords to get more."
                : $"The result was truncated at {rows:N0} rows, the service's default limit (QUERY_STATUS=OVERFLOW). Use -MaxRecords to raise it.";
    }
}
