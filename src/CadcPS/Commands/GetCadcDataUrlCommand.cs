using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
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


        private List<string> _batch = new List<string>();

        // IDs are sent DataLinkService.BatchSize at a time: a batch goes out when it is full, and the rest at the end.
        private protected override bool PrepareRecord()
        {
            foreach (var id in PublisherId)
                if (!string.IsNullOrWhiteSpace(id)) _pending.Add(id.Trim());
            return _pending.Count >= DataLinkService.BatchSize && TakeBatch();
        }

        private protected override bool PrepareEnd() => _pending.Count > 0 && TakeBatch();

        private bool TakeBatch()
        {
            _batch = _pending.ToList();
            _pending.Clear();
            return true;
        }

        private protected override Task ProcessRecordAsync(CadcCall call, PipelineWriter output) => ReadBatchAsync(call, output);

        private protected override Task EndProcessingAsync(CadcCall call, PipelineWriter output) => ReadBatchAsync(call, output);

        private async Task ReadBatchAsync(CadcCall call, PipelineWriter output)
        {
            var wanted = Semantics?.Select(s => s.StartsWith("#", StringComparison.Ordinal) || s.Contains("://") ? s : "#" + s).ToList();
            var all = IncludeAuxiliaries.IsPresent;
            var datalink = await DataLinkService.ResolveAsync(call).ConfigureAwait(false);
            await datalink.ReadLinksAsync(_batch, downloadsOnly: true, link =>
            {
                if (link.ErrorMessage != null)
                {
                    output.WriteError(ErrorRecords.Create(ErrorIds.DataLinkIdError, CadcErrorKind.ObjectNotFound,
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
                output.WriteObject(o);
            }, call).ConfigureAwait(false);
        }
    }
}
