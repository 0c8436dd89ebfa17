using System;
using System.Management.Automation;
using System.Threading.Tasks;
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
    public sealed class SearchCadcTargetCommand : CaomSearchCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Target", "target_name", "TargetName")]
        [AllowEmptyString]
        public string Name { get; set; } = "";

        /// <summary>The name must equal target_name exactly (case-sensitive), not just appear in it.</summary>
        [Parameter]
        public SwitchParameter Exact { get; set; }



        private string _adql = "";

        /// <summary>A -Service URL ending in /sync or /async is taken as the TAP base URL it belongs to.</summary>
        private protected override string? CommandService => TapServiceArgument.BaseOf(this, Service);

        private protected override bool PrepareRecord()
        {
            if (string.IsNullOrWhiteSpace(Name))
                throw new CadcException(ErrorIds.InvalidTargetName, CadcErrorKind.InvalidArgument, "The target name is empty.", Name);
            try
            {
                _adql = CaomQueries.Target(Name.Trim(), Exact, Collection, DataProductType);
            }
            catch (ArgumentException ex)
            {
                throw new CadcException(ErrorIds.InvalidTargetName, CadcErrorKind.InvalidArgument, $"'{Name}' cannot be searched for: {ex.Message}", Name);
            }
            return true;
        }

        private protected override Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
            => SearchAsync(call, output, async c =>
            {
                // The name was checked in PrepareRecord (_adql); the query is built again with -Collection as the archive spells it.
                var collections = await CollectionFilter.ResolveAsync(Collection, AsQuery.IsPresent, c, output).ConfigureAwait(false);
                return ReferenceEquals(collections, Collection) ? _adql : CaomQueries.Target(Name.Trim(), Exact, collections, DataProductType);
            });
    }
}
