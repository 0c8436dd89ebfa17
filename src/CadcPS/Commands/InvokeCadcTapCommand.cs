using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
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
    public sealed class InvokeCadcTapCommand : TapServiceCmdlet
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
                registry = ParsedRegistryUrl();
            }
            catch (CadcException ex)
            {
                WriteError(ErrorRecords.From(ex));
                return;
            }

            if (ParameterSetName == "File")
            {
                var path = GetUnresolvedProviderPathFromPSPath(OutFile);
                if (Directory.Exists(path))
                {
                    WriteError(ErrorRecords.Create(ErrorIds.OutFileNotWritable, ErrorCategory.WriteError,
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

        private string? CheckedResponseFormat()
        {
            if (string.IsNullOrWhiteSpace(ResponseFormat)) return null;
            var f = ResponseFormat!.Trim();
            if (ResponseFormatCompleter.Formats.Contains(f, StringComparer.OrdinalIgnoreCase) || f.StartsWith("application/x-votable+xml", StringComparison.OrdinalIgnoreCase) || f.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase))
                return f;
            throw new CadcException("UnsupportedResponseFormat", CadcErrorKind.InvalidArgument,
                $"-ResponseFormat '{f}' is not a VOTable serialization; use one of {string.Join(", ", ResponseFormatCompleter.Formats)}. To save CSV, use -OutFile with -OutFormat Csv.", f);
        }

    }
}
