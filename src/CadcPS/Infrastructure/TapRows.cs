using System;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Tap;

namespace CadcPS.Infrastructure
{
    /// <summary>Runs a TAP query and hands each row, as a PSObject, to the pipeline writer as it arrives.</summary>
    internal static class TapRows
    {
        public static async Task StreamAsync(CadcContext context, string? service, Uri? registry, TapQuery query, PipelineWriter writer, CancellationToken cancel, string? typeName = null)
        {
            var tap = await TapService.ResolveAsync(context, service, writer, cancel, registry).ConfigureAwait(false);
            using var result = await tap.ExecuteSyncAsync(query, writer, cancel).ConfigureAwait(false);
            var rows = new RowObjectFactory(result.Fields, typeName);
            object?[]? row;
            while ((row = result.ReadRow()) != null) writer.WriteObject(rows.Create(row));
            writer.Verbose($"{result.RowCount:N0} rows");
            if (result.Overflowed) writer.Warning(OverflowWarning(query, result.RowCount));
        }

        public static string OverflowWarning(TapQuery query, long rows)
            => query.MaxRecords.HasValue
                ? $"The result was truncated at {rows:N0} rows: the service stopped at -MaxRecords {query.MaxRecords.Value:N0} (QUERY_STATUS=OVERFLOW). Raise -MaxRecords to get more."
                : $"The result was truncated at {rows:N0} rows, the service's default limit (QUERY_STATUS=OVERFLOW). Use -MaxRecords to raise it.";
    }
}
