using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Astro;
using Cadc.Core.Caom;
using Cadc.Core.DataLink;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>
    /// Get-CadcDataUrl: the download links of datasets through DataLink (astroquery's get_data_urls),
    /// many IDs per request. By default only the data itself (#this). -Service names the DataLink service
    /// (default ivo://cadc.nrc.ca/caom2ops).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CadcDataUrl", DefaultParameterSetName = "Links")]
    [OutputType("CadcPS.DataLink")]
    public sealed class GetCadcDataUrlCommand : ServiceCmdlet
    {
        internal const string TypeName = "CadcPS.DataLink";
        private static readonly string[] Packages = { "#package", "http://www.openadc.org/caom2#pkg", "http://www.opencadc.org/caom2#pkg" };
        private readonly List<string> _pending = new List<string>();

        /// <summary>Dataset IDs (CAOM2 publisherID); search results bind by their publisherID.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Links")]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Cutout")]
        [Alias("ID", "obs_publisher_did")]
        [ValidateNotNullOrEmpty]
        public string[] PublisherId { get; set; } = Array.Empty<string>();

        /// <summary>Also return previews, thumbnails and other auxiliary links, not only the data.</summary>
        [Parameter(ParameterSetName = "Links")]
        public SwitchParameter IncludeAuxiliaries { get; set; }

        /// <summary>
        /// The SODA cutout URLs of a circle (-Coordinates, -Radius) instead of the files (astroquery's get_image_list):
        /// of the piped planes or IDs, or without input of the image planes around -Coordinates (in -Collection).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = "Cutout")]
        [Parameter(Mandatory = true, ParameterSetName = "CutoutSearch")]
        public SwitchParameter Cutout { get; set; }

        /// <summary>With -Cutout: the centre of the circle, "RA Dec" (degrees or sexagesimal) or an object name; piped objects may carry their own.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Cutout", ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, ParameterSetName = "CutoutSearch")]
        public string Coordinates { get; set; } = "";

        /// <summary>With -Cutout: the radius of the circle, degrees or a number with a unit ("1arcmin", "30arcsec"). Default 1 arcmin.</summary>
        [Parameter(ParameterSetName = "Cutout", ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = "CutoutSearch")]
        public string Radius { get; set; } = SearchCadcRegionCommand.DefaultRadius;

        /// <summary>With -Cutout and no input: only the image planes of these collections.</summary>
        [Parameter(ParameterSetName = "CutoutSearch")]
        [ArgumentCompleter(typeof(CollectionCompleter))]
        public string[]? Collection { get; set; }

        /// <summary>With -Cutout, from piped search rows: a plane that is not an image has no cutout; it is skipped, all named in one warning.</summary>
        [Parameter(ParameterSetName = "Cutout", ValueFromPipelineByPropertyName = true)]
        public string DataProductType { get; set; } = "";

        /// <summary>
        /// Only links with these semantics (#this, #preview, #thumbnail, #auxiliary, ...). A name or #name matches by
        /// fragment, whatever vocabulary the service uses (CADC labels thumbnails http://www.openadc.org/caom2#thumbnail);
        /// a full URI matches only itself. A value that matches no link is a warning.
        /// </summary>
        [Parameter(ParameterSetName = "Links")]
        [ArgumentCompleter(typeof(SemanticsCompleter))]
        public string[]? Semantics { get; set; }


        private List<string> _batch = new List<string>();
        // -Semantics values matched by some link, and every semantics seen, across all batches (for the warning at the end)
        private readonly HashSet<string> _matched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly SortedSet<string> _seen = new SortedSet<string>(StringComparer.Ordinal);

        private readonly List<SaveRequest> _cutouts = new List<SaveRequest>();
        private readonly NotImagePlanes _notImages = new NotImagePlanes();
        private bool CutoutMode => ParameterSetName != "Links";

        // IDs are sent DataLinkService.BatchSize at a time: a batch goes out when it is full, and the rest at the end.
        private protected override bool PrepareRecord()
        {
            if (CutoutMode)
            {
                // Cutouts are planned at the end, all at once (SavePlan: names resolved once, 20 planes per DataLink request).
                var radius = AngleText.CheckRadius(AngleText.ParseDegrees(Radius), Radius);
                var position = SkyPosition.LooksLikeCoordinates(Coordinates) ? SkyPosition.Parse(Coordinates) : (SkyPosition?)null;
                if (ParameterSetName == "CutoutSearch") { _search = (Coordinates, radius, position); return false; }
                var ids = PublisherId.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).ToList();
                if (!_notImages.Skip(DataProductType, ids.Count)) _cutouts.AddRange(ids.Select(id => SaveRequest.CutoutOf(id, Coordinates, position, radius)));
                return false;
            }
            foreach (var id in PublisherId)
                if (!string.IsNullOrWhiteSpace(id)) _pending.Add(id.Trim());
            return _pending.Count >= DataLinkService.BatchSize && TakeBatch();
        }

        // Boxed (a Core struct inside): set on the pipeline thread, read by the end step.
        private object? _search;

        private protected override bool PrepareEnd()
        {
            if (CutoutMode)
            {
                if (_notImages.Warning() is string skipped) WriteWarning(skipped);
                return _cutouts.Count > 0 || _search != null;
            }
            if (_pending.Count > 0) return TakeBatch();
            _batch = new List<string>();
            return Semantics != null; // nothing left to ask for, but the filter's warning to give
        }

        private bool TakeBatch()
        {
            _batch = _pending.ToList();
            _pending.Clear();
            return true;
        }

        private protected override Task ProcessRecordAsync(CadcCall call, PipelineWriter output) => ReadBatchAsync(call, output);

        private protected override async Task EndProcessingAsync(CadcCall call, PipelineWriter output)
        {
            if (CutoutMode)
            {
                await WriteCutoutsAsync(call, output).ConfigureAwait(false);
                return;
            }
            if (_batch.Count > 0) await ReadBatchAsync(call, output).ConfigureAwait(false);
            if (Semantics is null || _seen.Count == 0) return; // no link at all: the errors said why
            foreach (var s in Semantics.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.OrdinalIgnoreCase))
                if (!_matched.Contains(s))
                    output.Warning($"-Semantics '{s}' matched no link. The links had: {string.Join(", ", _seen)}.");
        }

        /// <summary>
        /// Whether a link's <paramref name="semantics"/> is what the user asked for with <paramref name="wanted"/>: a full
        /// URI only itself; "thumbnail" or "#thumbnail" any semantics whose fragment is #thumbnail (the IVOA core
        /// vocabulary's "#thumbnail", CADC's "http://www.openadc.org/caom2#thumbnail").
        /// </summary>
        internal static bool Matches(string wanted, string semantics)
        {
            var w = wanted.Trim();
            if (w.Contains("://")) return string.Equals(w, semantics, StringComparison.OrdinalIgnoreCase);
            if (!w.StartsWith("#", StringComparison.Ordinal)) w = "#" + w;
            var hash = semantics.LastIndexOf('#');
            return string.Equals(hash >= 0 ? w : w.Substring(1), hash >= 0 ? semantics.Substring(hash) : semantics, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>One CadcPS.DataLink object per cutout (#cutout), with the file name Save-CadcImage gives it.</summary>
        private async Task WriteCutoutsAsync(CadcCall call, PipelineWriter output)
        {
            var requests = _search is ValueTuple<string, double, SkyPosition?> search
                ? await ImageCutouts.SearchAsync(search.Item1, search.Item2, search.Item3, Collection, call, output).ConfigureAwait(false)
                : _cutouts;
            var targets = await SavePlan.BuildAsync(requests, call, ex => output.WriteError(ErrorRecords.From(ex))).ConfigureAwait(false);
            foreach (var t in targets)
            {
                var o = new PSObject();
                o.TypeNames.Insert(0, TypeName);
                o.Properties.Add(new PSNoteProperty("ID", t.Id));
                o.Properties.Add(new PSNoteProperty("Url", t.Url.AbsoluteUri));
                o.Properties.Add(new PSNoteProperty("Semantics", "#cutout"));
                o.Properties.Add(new PSNoteProperty("ContentType", null)); // what the service answers: not known before
                o.Properties.Add(new PSNoteProperty("ContentLength", null));
                o.Properties.Add(new PSNoteProperty("Description", "SODA cutout"));
                o.Properties.Add(new PSNoteProperty("FileName", t.FileName));
                output.WriteObject(o);
            }
        }

        private async Task ReadBatchAsync(CadcCall call, PipelineWriter output)
        {
            var wanted = Semantics?.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
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
                _seen.Add(semantics);
                if (wanted != null)
                {
                    var hits = wanted.Where(w => Matches(w, semantics)).ToList();
                    if (hits.Count == 0) return;
                    foreach (var w in hits) _matched.Add(w);
                }
                else if (!all && semantics != "#this") return;
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
