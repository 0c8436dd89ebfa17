using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Cadc.Core;
using Cadc.Core.DataLink;
using Cadc.Core.Errors;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>
    /// Get-CadcDataUrl: the download links of datasets through DataLink (astroquery's get_data_urls),
    /// many IDs per request. By default only the data itself (#this). -Service names the DataLink service
    /// (default ivo://cadc.nrc.ca/caom2ops).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CadcDataUrl")]
    [OutputType("CadcPS.DataLink")]
    public sealed class GetCadcDataUrlCommand : ServiceCmdlet
    {
        internal const string TypeName = "CadcPS.DataLink";
        private static readonly string[] Packages = { "#package", "http://www.openadc.org/caom2#pkg", "http://www.opencadc.org/caom2#pkg" };
        private readonly List<string> _pending = new List<string>();

        /// <summary>Dataset IDs (CAOM2 publisherID); search results bind by their publisherID.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ID", "obs_publisher_did")]
        [ValidateNotNullOrEmpty]
        public string[] PublisherId { get; set; } = Array.Empty<string>();

        /// <summary>Also return previews, thumbnails and other auxiliary links, not only the data.</summary>
        [Parameter]
        public SwitchParameter IncludeAuxiliaries { get; set; }

        /// <summary>Only links with these semantics (#this, #preview, #thumbnail, #auxiliary, ...).</summary>
        [Parameter]
        public string[]? Semantics { get; set; }


        protected override void ProcessRecord()
        {
            foreach (var id in PublisherId)
            {
                if (string.IsNullOrWhiteSpace(id)) continue;
                _pending.Add(id.Trim());
                if (_pending.Count >= DataLinkService.BatchSize) Flush();
            }
        }

        protected override void EndProcessing() => Flush();

        private void Flush()
        {
            if (_pending.Count == 0) return;
            var ids = _pending.ToList();
            _pending.Clear();
            var context = Session();
            Uri? registry;
            try { registry = ParsedRegistryUrl(); }
            catch (CadcException ex) { WriteError(ErrorRecords.From(ex)); return; }
            var wanted = Semantics?.Select(s => s.StartsWith("#", StringComparison.Ordinal) || s.Contains("://") ? s : "#" + s).ToList();
            var all = IncludeAuxiliaries.IsPresent;
            var service = Service;
            Run(async (writer, cancel) =>
            {
                try
                {
                    var datalink = await DataLinkService.ResolveAsync(context, service, writer, cancel, registry).ConfigureAwait(false);
                    await datalink.ReadLinksAsync(ids, downloadsOnly: true, link =>
                    {
                        if (link.ErrorMessage != null)
                        {
                            writer.WriteError(ErrorRecords.Create(ErrorIds.DataLinkIdError, CadcErrorKind.ObjectNotFound,
                                $"No data for {link.Id}: {link.ErrorMessage}", link.Id));
                            return;
                        }
                        if (link.AccessUrl is null) return; // a service descriptor (#cutout), not a file
                        var semantics = link.Semantics ?? "";
                        if (Packages.Contains(semantics, StringComparer.OrdinalIgnoreCase)) return;
                        if (wanted != null ? !wanted.Contains(semantics, StringComparer.OrdinalIgnoreCase) : !all && semantics != "#this") return;
                        var o = new PSObject();
                        o.TypeNames.Insert(0, TypeName);
                        o.Properties.Add(new PSNoteProperty("ID", link.Id));
                        o.Properties.Add(new PSNoteProperty("Url", link.AccessUrl.AbsoluteUri));
                        o.Properties.Add(new PSNoteProperty("Semantics", semantics));
                        o.Properties.Add(new PSNoteProperty("ContentType", link.ContentType));
                        o.Properties.Add(new PSNoteProperty("ContentLength", link.ContentLength));
                        o.Properties.Add(new PSNoteProperty("Description", link.Description));
                        writer.WriteObject(o);
                    }, writer, cancel).ConfigureAwait(false);
                }
                catch (CadcException ex)
                {
                    writer.WriteError(ErrorRecords.From(ex));
                }
            });
        }
    }
}
