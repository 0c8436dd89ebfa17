using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Caom;
using Cadc.Core.Errors;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>Get-CadcCollection: the archive's collections and their energy bands (astroquery's get_collections), cached for the session.</summary>
    [Cmdlet(VerbsCommon.Get, "CadcCollection")]
    [OutputType("CadcPS.Collection")]
    public sealed class GetCadcCollectionCommand : ServiceCmdlet
    {
        internal const string TypeName = "CadcPS.Collection";

        /// <summary>Collection names to return; wildcards allowed. Default: all.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Collection")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(CollectionCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Read the list again instead of using this session's copy.</summary>
        [Parameter]
        public SwitchParameter Refresh { get; set; }


        /// <summary>A -Service URL ending in /sync or /async is taken as the TAP base URL it belongs to.</summary>
        private protected override string? CommandService => TapServiceArgument.BaseOf(this, Service);

        private protected override bool PrepareRecord() => true;

        private protected override async Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
        {
            var patterns = (Name ?? Array.Empty<string>()).Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
            var collections = await call.Context.Archive.GetCollectionsAsync(call, Refresh.IsPresent).ConfigureAwait(false);
            foreach (var c in collections)
            {
                if (patterns.Count > 0 && !patterns.Any(p => p.IsMatch(c.Name))) continue;
                var o = new PSObject();
                o.TypeNames.Insert(0, TypeName);
                o.Properties.Add(new PSNoteProperty("Collection", c.Name));
                o.Properties.Add(new PSNoteProperty("Bands", c.Bands.ToArray()));
                o.Properties.Add(new PSNoteProperty("Description", c.Description));
                output.WriteObject(o);
            }
            foreach (var n in Name ?? Array.Empty<string>())
                if (!WildcardPattern.ContainsWildcardCharacters(n) && !collections.Any(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase)))
                {
                    var near = CollectionNames.Nearest(n.Trim(), collections.Select(c => c.Name).ToList());
                    output.WriteError(ErrorRecords.Create(ErrorIds.CollectionNotFound, CadcErrorKind.ObjectNotFound,
                        $"The archive has no collection '{n}'{(near.Count > 0 ? $": did you mean {string.Join(" or ", near)}?" : ".")}", n));
                }
        }
    }
}
