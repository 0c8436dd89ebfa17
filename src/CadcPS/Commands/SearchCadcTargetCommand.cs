using System;
using System.Management.Automation;
using Cadc.Core;
using Cadc.Core.Caom;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>
    /// Search-CadcTarget: observations by target name as recorded in the archive (astroquery's query_name):
    /// a case-insensitive substring, PowerShell wildcards, or -Exact. Every value is an escaped ADQL literal.
    /// </summary>
    [Cmdlet(VerbsCommon.Search, "CadcTarget")]
    [OutputType(typeof(PSObject), typeof(string))]
    public sealed class SearchCadcTargetCommand : CadcCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Target", "target_name", "TargetName")]
        [AllowEmptyString]
        public string Name { get; set; } = "";

        /// <summary>The name must equal target_name exactly (case-sensitive), not just appear in it.</summary>
        [Parameter]
        public SwitchParameter Exact { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CollectionCompleter))]
        public string[]? Collection { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(DataProductTypeCompleter))]
        public string[]? DataProductType { get; set; }

        [Parameter]
        [Alias("MaxRec")]
        [ValidateRange(0, long.MaxValue)]
        public long MaxRecords { get; set; } = -1;

        [Parameter]
        public SwitchParameter AsQuery { get; set; }

        [Parameter]
        [Alias("Url")]
        public string? Service { get; set; }

        [Parameter]
        public string? RegistryUrl { get; set; }

        protected override void ProcessRecord()
        {
            var context = Session();
            string adql;
            Uri? registry;
            try
            {
                if (string.IsNullOrWhiteSpace(Name))
                    throw new CadcException(ErrorIds.InvalidTargetName, CadcErrorKind.InvalidArgument, "The target name is empty.", Name);
                adql = CaomQueries.Target(Name.Trim(), Exact, Collection, DataProductType);
                registry = string.IsNullOrWhiteSpace(RegistryUrl) ? null : CadcConfiguration.ParseRegistryUrl(RegistryUrl!);
            }
            catch (ArgumentException ex)
            {
                WriteError(ErrorRecords.Create(ErrorIds.InvalidTargetName, ErrorCategory.InvalidArgument, $"'{Name}' cannot be searched for: {ex.Message}", Name));
                return;
            }
            catch (CadcException ex)
            {
                WriteError(ErrorRecords.From(ex));
                return;
            }
            if (AsQuery)
            {
                WriteObject(adql);
                return;
            }
            var query = new TapQuery(adql) { MaxRecords = MaxRecords >= 0 ? MaxRecords : (long?)null };
            Run(async (writer, cancel) =>
            {
                try
                {
                    await TapRows.StreamAsync(context, Service, registry, query, writer, cancel, SearchCadcRegionCommand.RowType).ConfigureAwait(false);
                }
                catch (CadcException ex)
                {
                    writer.WriteError(ErrorRecords.From(ex));
                }
            });
        }
    }
}
