using System;
using System.Linq;
using System.Management.Automation;
using Cadc.Core;
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


        protected override void ProcessRecord()
        {
            var context = Session();
            Uri? registry;
            try { registry = ParsedRegistryUrl(); }
            catch (CadcException ex) { WriteError(ErrorRecords.From(ex)); return; }
            var patterns = (Name ?? Array.Empty<string>()).Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
            var refresh = Refresh.IsPresent;
            Run(async (writer, cancel) =>
            {
                try
                {
                    var collections = await context.Archive.GetCollectionsAsync(Service, registry, writer, cancel, refresh).ConfigureAwait(false);
                    foreach (var c in collections)
                    {
                        if (patterns.Count > 0 && !patterns.Any(p => p.IsMatch(c.Name))) continue;
                        var o = new PSObject();
                        o.TypeNames.Insert(0, TypeName);
                        o.Properties.Add(new PSNoteProperty("Collection", c.Name));
                        o.Properties.Add(new PSNoteProperty("Bands", c.Bands.ToArray()));
                        o.Properties.Add(new PSNoteProperty("Description", c.Description));
                        writer.WriteObject(o);
                    }
                    foreach (var n in Name ?? Array.Empty<string>())
                        if (!WildcardPattern.ContainsWildcardCharacters(n) && !collections.Any(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase)))
                            writer.WriteError(ErrorRecords.Create(ErrorIds.CollectionNotFound, CadcErrorKind.ObjectNotFound, $"The archive has no collection '{n}'.", n));
                }
                catch (CadcException ex)
                {
                    writer.WriteError(ErrorRecords.From(ex));
                }
            });
        }
    }
}
