using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>
    /// Invoke-CadcTap: runs an ADQL query on CADC's TAP service (or another) and streams one object per row.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CadcTap", SupportsShouldProcess = true, DefaultParameterSetName = "Rows")]
    [OutputType(typeof(PSObject), ParameterSetName = new[] { "Rows" })]
    [OutputType(typeof(FileInfo), ParameterSetName = new[] { "File" })]
    public sealed class InvokeCadcTapCommand : ServiceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Adql")]
        [AllowEmptyString]
        public string Query { get; set; } = "";

        [Parameter]
        [Alias("MaxRec")]
        [ValidateRange(0, long.MaxValue)]
        public long MaxRecords { get; set; } = -1;

        [Parameter]
        [ArgumentCompleter(typeof(ResponseFormatCompleter))]
        public string? ResponseFormat { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "File")]
        [Alias("Path")]
        public string OutFile { get; set; } = "";

        /// <summary>How -OutFile is written; by default what its extension says (.csv: CSV; .xml, .vot, .votable and others: VOTable).</summary>
        [Parameter(ParameterSetName = "File")]
        public TapOutFormat OutFormat { get; set; } = TapOutFormat.VOTable;

        /// <summary>Replace a file already under -OutFile's name.</summary>
        [Parameter(ParameterSetName = "File")]
        public SwitchParameter Force { get; set; }

        /// <summary>Tables to send with the query, as @{ name = objects | CSV path | VOTable path }; query them as TAP_UPLOAD.name.</summary>
        [Parameter]
        public System.Collections.Hashtable? Upload { get; set; }

        /// <summary>Column types for uploads where inference is not wanted: @{ ra = 'double'; name = 'char' }.</summary>
        [Parameter]
        public System.Collections.Hashtable? UploadColumnType { get; set; }

        /// <summary>Run the query as an asynchronous (UWS) job: the job is returned at once, or with -Wait its rows when it ends.</summary>
        [Parameter]
        public SwitchParameter Async { get; set; }

        /// <summary>With -Async: wait for the job (progress shown) and then stream its rows like a sync query.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        private TapQuery _query = null!;
        private string? _path;
        // Boxed (a Core enum): see SearchCadcRegionCommand. The format -OutFile is written in, chosen in PrepareRecord.
        private object _format = null!;

        /// <summary>A -Service URL ending in /sync or /async is taken as the TAP base URL it belongs to.</summary>
        private protected override string? CommandService => TapServiceArgument.BaseOf(this, Service);

        private protected override bool PrepareRecord()
        {
            _query = new TapQuery(Query)
            {
                MaxRecords = MaxRecords >= 0 ? MaxRecords : (long?)null,
                ResponseFormat = string.IsNullOrWhiteSpace(ResponseFormat) ? null : ResponseFormat!.Trim(),
            };
            if (_query.StrippedTerminator) WriteVerbose("The query's trailing ';' is not sent: ADQL has no statement terminator, and TAP services reject it.");
            if (Upload != null)
                foreach (var table in UploadTables.From(this, Upload, UploadColumnType)) _query.Uploads.Add(table);
            if (Wait && !Async)
                throw new CadcException(ErrorIds.WaitWithoutAsync, CadcErrorKind.InvalidArgument, "-Wait goes with -Async.", Query);
            _path = null;
            if (ParameterSetName != "File") return true;
            if (Async && !Wait)
                throw new CadcException(ErrorIds.OutFileNeedsWait, CadcErrorKind.InvalidArgument, "-Async -OutFile needs -Wait (or use Receive-CadcJob -OutFile later).", Query);
            _path = GetUnresolvedProviderPathFromPSPath(OutFile);
            if (Directory.Exists(_path))
                throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"'{_path}' is a directory; -OutFile needs a file name.", OutFile);
            // No query runs to end in a file that may not be replaced.
            Cadc.Core.IO.OutputFile.RefuseExisting(_path, Force);
            var format = OutFileFormat.Choose(_path, MyInvocation.BoundParameters.ContainsKey(nameof(OutFormat)) ? OutFormat : (TapOutFormat?)null, out var mismatch);
            if (mismatch != null) WriteWarning(mismatch);
            _format = format;
            return ShouldProcess(_path, $"Write the result of the TAP {(Async ? "job" : "query")} as {(format == TapFileFormat.Csv ? "CSV" : "VOTable")}");
        }

        private protected override async Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
        {
            if (_query.ResponseFormat != null) _query.ResponseFormat = await ServiceResponseFormatAsync(_query.ResponseFormat, call, output).ConfigureAwait(false);
            var format = _path != null ? (TapFileFormat)_format : TapFileFormat.VOTable;
            if (Async)
            {
                await RunJobAsync(call, output, format).ConfigureAwait(false);
                return;
            }
            if (_path != null)
            {
                var service = await TapService.ResolveAsync(call).ConfigureAwait(false);
                RowProgress.Waiting(output);
                var saved = await RowProgress.SaveAsync(output, _path, (copy, c) => service.ExecuteSyncAsync(_query, call.WithCancel(c), copy), format, call, _query.MaxRecords, Force).ConfigureAwait(false);
                if (saved.Overflowed && !TapRows.IsMetadataOnly(_query.MaxRecords)) output.Warning(TapRows.OverflowWarning(_query, saved.Rows));
                output.WriteObject(new FileInfo(saved.Path));
                return;
            }
            await TapRows.StreamAsync(call, _query, output).ConfigureAwait(false);
        }

        private async Task RunJobAsync(CadcCall call, PipelineWriter output, TapFileFormat format)
        {
            var tap = await TapJobs.ResolveAsync(call).ConfigureAwait(false);
            var job = await tap.CreateAsync(_query, run: true, call).ConfigureAwait(false);
            output.Verbose($"Job {job.Id}: {job.Phase} at {job.Url}");
            if (!Wait)
            {
                output.WriteObject(new CadcJob(job));
                return;
            }
            job = await JobCmdlet.WaitWithProgressAsync(tap, job.Url!, null, output, call).ConfigureAwait(false);
            if (_path != null)
            {
                var saved = await JobCmdlet.SaveResultAsync(tap, job, _path, format, call, output, Force).ConfigureAwait(false);
                output.WriteObject(new FileInfo(saved.Path));
                return;
            }
            using var result = await tap.OpenResultAsync(job, call).ConfigureAwait(false);
            await TapRows.WriteRowsAsync(result, _query.MaxRecords, output).ConfigureAwait(false);
        }

        /// <summary>-ResponseFormat as the service takes it: from what its TAP capability advertises (ResponseFormatCompleter.Choose).</summary>
        private static async Task<string> ServiceResponseFormatAsync(string requested, CadcCall call, PipelineWriter output)
        {
            var service = await TapService.ResolveAsync(call).ConfigureAwait(false);
            var advertised = await service.OutputFormatsAsync(call).ConfigureAwait(false);
            var chosen = ResponseFormatCompleter.Choose(requested, advertised, service.Name);
            if (!string.Equals(chosen, requested, StringComparison.Ordinal))
                output.Verbose($"-ResponseFormat {requested}: RESPONSEFORMAT={chosen}, as {service.Name} {(advertised is null ? "lists no output formats (the IVOA type)" : "lists it")}");
            return chosen;
        }

    }
}
