using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Cadc.Core;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using Cadc.Core.Uws;
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

        [Parameter(ParameterSetName = "File")]
        public TapOutFormat OutFormat { get; set; } = TapOutFormat.VOTable;

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

        protected override void ProcessRecord()
        {
            var context = Session();
            TapQuery query;
            Uri? registry;
            try
            {
                query = new TapQuery(Query)
                {
                    MaxRecords = MaxRecords >= 0 ? MaxRecords : (long?)null,
                    ResponseFormat = CheckedResponseFormat(),
                };
                if (Upload != null)
                    foreach (var table in UploadTables.From(this, Upload, UploadColumnType)) query.Uploads.Add(table);
                registry = ParsedRegistryUrl();
            }
            catch (CadcException ex)
            {
                WriteError(ErrorRecords.From(ex));
                return;
            }

            if (Wait && !Async)
            {
                WriteError(ErrorRecords.Create(ErrorIds.WaitWithoutAsync, CadcErrorKind.InvalidArgument, "-Wait goes with -Async.", Query));
                return;
            }
            if (Async)
            {
                RunAsyncJob(context, registry, query);
                return;
            }

            if (ParameterSetName == "File")
            {
                var path = GetUnresolvedProviderPathFromPSPath(OutFile);
                if (Directory.Exists(path))
                {
                    WriteError(ErrorRecords.Create(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError,
                        $"'{path}' is a directory; -OutFile needs a file name.", OutFile));
                    return;
                }
                if (!ShouldProcess(path, $"Write the result of the TAP query as {OutFormat}")) return;
                var format = OutFormat == TapOutFormat.Csv ? TapFileFormat.Csv : TapFileFormat.VOTable;
                Run(async (writer, cancel) =>
                {
                    try
                    {
                        var service = await TapService.ResolveAsync(context, Service, writer, cancel, registry).ConfigureAwait(false);
                        var saved = await TapResultFile.SaveAsync(service, query, path, format, writer, cancel).ConfigureAwait(false);
                        if (saved.Overflowed) writer.Warning(TapRows.OverflowWarning(query, saved.Rows));
                        writer.WriteObject(new FileInfo(saved.Path));
                    }
                    catch (CadcException ex)
                    {
                        writer.WriteError(ErrorRecords.From(ex));
                    }
                });
                return;
            }

            Run(async (writer, cancel) =>
            {
                try
                {
                    await TapRows.StreamAsync(context, Service, registry, query, writer, cancel).ConfigureAwait(false);
                }
                catch (CadcException ex)
                {
                    writer.WriteError(ErrorRecords.From(ex));
                }
            });
        }

        private void RunAsyncJob(CadcContext context, Uri? registry, TapQuery query)
        {
            string? path = null;
            if (ParameterSetName == "File")
            {
                if (!Wait)
                {
                    WriteError(ErrorRecords.Create(ErrorIds.OutFileNeedsWait, CadcErrorKind.InvalidArgument, "-Async -OutFile needs -Wait (or use Receive-CadcJob -OutFile later).", Query));
                    return;
                }
                path = GetUnresolvedProviderPathFromPSPath(OutFile);
                if (!ShouldProcess(path, $"Write the result of the TAP job as {OutFormat}")) return;
            }
            var wait = Wait.IsPresent;
            var format = OutFormat == TapOutFormat.Csv ? TapFileFormat.Csv : TapFileFormat.VOTable;
            var service = Service;
            Run(async (writer, cancel) =>
            {
                try
                {
                    var tap = new TapJobs(context, await TapService.ResolveAsync(context, service, writer, cancel, registry).ConfigureAwait(false));
                    var job = await tap.CreateAsync(query, run: true, writer, cancel).ConfigureAwait(false);
                    writer.Verbose($"Job {job.Id}: {job.Phase} at {job.Url}");
                    if (!wait)
                    {
                        writer.WriteObject(new CadcJob(job));
                        return;
                    }
                    job = await JobCmdlet.WaitWithProgressAsync(tap, job.Url!, null, writer, cancel).ConfigureAwait(false);
                    if (path != null)
                    {
                        var saved = await TapResultFile.SaveAsync((copy, c) => tap.OpenResultAsync(job, writer, c, copy), path, format, writer, cancel).ConfigureAwait(false);
                        writer.WriteObject(new FileInfo(saved.Path));
                        return;
                    }
                    using var result = await tap.OpenResultAsync(job, writer, cancel).ConfigureAwait(false);
                    await TapRows.WriteRowsAsync(result, query.MaxRecords, writer).ConfigureAwait(false);
                }
                catch (CadcException ex)
                {
                    writer.WriteError(ErrorRecords.From(ex));
                }
            });
        }

        private string? CheckedResponseFormat()
        {
            if (string.IsNullOrWhiteSpace(ResponseFormat)) return null;
            var f = ResponseFormat!.Trim();
            if (ResponseFormatCompleter.Formats.Contains(f, StringComparer.OrdinalIgnoreCase) || f.StartsWith("application/x-votable+xml", StringComparison.OrdinalIgnoreCase) || f.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase))
                return f;
            throw new CadcException(ErrorIds.UnsupportedResponseFormat, CadcErrorKind.InvalidArgument,
                $"-ResponseFormat '{f}' is not a VOTable serialization; use one of {string.Join(", ", ResponseFormatCompleter.Formats)}. To save CSV, use -OutFile with -OutFormat Csv.", f);
        }

    }
}
