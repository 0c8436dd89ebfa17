using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Astro;
using Cadc.Core.Caom;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>
    /// Save-CadcImage: the files of datasets, or SODA cutouts around a position (astroquery's get_images /
    /// get_image_list; one position for all, or each piped object's own Coordinates and Radius), downloaded
    /// in parallel, each through a verified .part file. -Service names the
    /// DataLink service (default ivo://cadc.nrc.ca/caom2ops), whose capabilities also give the SODA service.
    /// </summary>
    [Cmdlet(VerbsData.Save, "CadcImage", SupportsShouldProcess = true, DefaultParameterSetName = "Files")]
    [OutputType(typeof(FileInfo), typeof(string))]
    public sealed class SaveCadcImageCommand : ServiceCmdlet
    {
        private readonly List<SaveRequest> _inputs = new List<SaveRequest>();
        // Parsed -Coordinates/-Radius texts: piped objects repeat them, and a bad one is reported once, not once per object.
        private readonly Dictionary<string, SkyPosition?> _positions = new Dictionary<string, SkyPosition?>(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _radii = new Dictionary<string, double>(StringComparer.Ordinal);
        private readonly HashSet<string> _invalid = new HashSet<string>(StringComparer.Ordinal);

        // Not Mandatory, and in every set: with -Coordinates and no input the images are searched for; and a set-specific
        // attribute would make PowerShell bind piped rows to the default set (Files) before it sees their Coordinates.
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ID", "obs_publisher_did")]
        [ValidateNotNullOrEmpty]
        public string[] PublisherId { get; set; } = Array.Empty<string>();

        /// <summary>The folder to save into (created if missing). Default: the current folder.</summary>
        [Parameter]
        public string Path { get; set; } = ".";

        /// <summary>
        /// Cut out a circle around this position ("RA Dec", sexagesimal, or a name) instead of saving whole files.
        /// Piped objects may carry their own Coordinates (and Radius): each plane is then cut around its own position.
        /// Without input, the image planes around it are searched for and cut out (astroquery's get_images).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = "Cutout", ValueFromPipelineByPropertyName = true)]
        public string Coordinates { get; set; } = "";

        [Parameter(ParameterSetName = "Cutout", ValueFromPipelineByPropertyName = true)]
        public string Radius { get; set; } = SearchCadcRegionCommand.DefaultRadius;

        /// <summary>With -Coordinates and no input: only the image planes of these collections (astroquery's get_images collection).</summary>
        [Parameter(ParameterSetName = "Cutout")]
        [ArgumentCompleter(typeof(CollectionCompleter))]
        public string[]? Collection { get; set; }

        /// <summary>
        /// The plane's product type, from piped search rows: with -Coordinates, a plane that is not an image (a spectrum,
        /// a catalog, a time series...) has no cutout and is skipped, all of them named in one warning at the end.
        /// </summary>
        // In every set: a piped row's dataProductType must not choose the Cutout set by itself binding (whole files ignore it).
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string DataProductType { get; set; } = "";

        /// <summary>
        /// The file's MD5 ("md5:…" as CAOM2's Artifact.contentChecksum, or hex), e.g. from a piped artifact row: the
        /// download is verified against it, and an existing file is skipped only when it matches. Used when the input names
        /// one dataset with one file; cutouts ignore it.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("contentChecksum")]
        public string Checksum { get; set; } = "";

        /// <summary>The length in bytes of the artifact -Checksum is of (CAOM2 contentLength): it tells which of a dataset's files the checksum belongs to.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("content_length")]
        [ValidateRange(0, long.MaxValue)]
        public long ContentLength { get; set; }

        /// <summary>Return the URLs instead of downloading (astroquery's get_image_list).</summary>
        [Parameter]
        public SwitchParameter UrlOnly { get; set; }

        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Replace a file of the same name that is there (without it, only a file whose MD5 matches is skipped; any other is an error, FileExists).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }


        // With -Coordinates: planes piped with a product type that is not an image, by type (one warning at the end, not an error each).
        private readonly NotImagePlanes _notImages = new NotImagePlanes();
        private bool _search;
        private bool _collectionIgnored;

        private protected override bool PrepareRecord()
        {
            // The parameter set is chosen per input object: objects with Coordinates are cutouts, the others whole files.
            var cutout = ParameterSetName == "Cutout";
            if (PublisherId.Length == 0)
            {
                if (!cutout || MyInvocation.ExpectingInput)
                    throw new CadcException(ErrorIds.MissingInput, CadcErrorKind.InvalidArgument,
                        MyInvocation.ExpectingInput ? "The input has no publisherID: pipe search rows or dataset IDs." : "Nothing to save: give dataset IDs (-PublisherId, or pipe search rows), or -Coordinates alone to cut out the images around a position.", null);
                // -Coordinates alone: the image planes are searched for at the end (one search), once the position is known.
                _search = TryParseRadius(Radius, out _) && TryParsePosition(Coordinates, out _);
                return false;
            }
            if (Collection != null && Collection.Length > 0 && !_collectionIgnored)
            {
                _collectionIgnored = true;
                WriteWarning("-Collection chooses the planes -Coordinates alone searches for; the planes given are cut out as they are.");
            }
            SkyPosition? position = null;
            double radius = 0;
            if (cutout && !(TryParseRadius(Radius, out radius) && TryParsePosition(Coordinates, out position))) return false;
            if (cutout && _notImages.Skip(DataProductType, PublisherId.Count(id => !string.IsNullOrWhiteSpace(id)))) return false;
            // A checksum is one file's: it belongs to the input's dataset only when the input names one.
            var checksum = PublisherId.Length == 1 ? Checksum : null;
            long? length = ContentLength > 0 ? ContentLength : (long?)null;
            foreach (var id in PublisherId)
                if (!string.IsNullOrWhiteSpace(id))
                    _inputs.Add(cutout ? SaveRequest.CutoutOf(id.Trim(), Coordinates, position, radius) : SaveRequest.File(id.Trim(), checksum, length));
            // Everything is planned at the end: DataLink takes 20 IDs per request, and downloads run in parallel.
            return false;
        }

        private bool TryParseRadius(string text, out double degrees)
        {
            if (_radii.TryGetValue(text, out degrees)) return true;
            if (_invalid.Contains("r:" + text)) return false;
            try
            {
                degrees = _radii[text] = AngleText.CheckRadius(AngleText.ParseDegrees(text), text);
                return true;
            }
            catch (CadcException ex)
            {
                _invalid.Add("r:" + text);
                WriteError(ErrorRecords.From(ex));
                return false;
            }
        }

        private bool TryParsePosition(string text, out SkyPosition? position)
        {
            if (_positions.TryGetValue(text, out position)) return true;
            if (_invalid.Contains("c:" + text)) return false;
            try
            {
                position = _positions[text] = SkyPosition.LooksLikeCoordinates(text) ? SkyPosition.Parse(text) : (SkyPosition?)null;
                return true;
            }
            catch (CadcException ex)
            {
                _invalid.Add("c:" + text);
                WriteError(ErrorRecords.From(ex));
                return false;
            }
        }

        private string _folder = "";
        private List<SaveTarget> _approved = new List<SaveTarget>();

        private protected override bool PrepareEnd()
        {
            if (_notImages.Warning(" (astroquery's get_images keeps dataProductType 'image' only). Save their whole files without -Coordinates.") is string skipped)
                WriteWarning(skipped);
            if (_inputs.Count == 0 && !_search) return false;
            _folder = GetUnresolvedProviderPathFromPSPath(Path);
            if (File.Exists(_folder))
                throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"'{_folder}' is a file; -Path needs a folder.", Path);
            // Planned here, on the pipeline thread, so that -WhatIf and -Confirm name the file each target would be saved as.
            var targets = RunHere(PlanAsync);
            if (UrlOnly)
            {
                foreach (var t in targets) WriteObject(t.Url.AbsoluteUri);
                return false;
            }
            var names = DownloadBatch.FileNamesOf(targets);
            _approved = new List<SaveTarget>();
            for (var i = 0; i < targets.Count; i++)
                if (ShouldProcess(System.IO.Path.Combine(_folder, names[i]), targets[i].FileName != null ? $"Save a cutout of {targets[i].Id}" : $"Save the file of {targets[i].Id}"))
                    _approved.Add(targets[i]);
            return _approved.Count > 0;
        }

        private async Task<IReadOnlyList<SaveTarget>> PlanAsync(CadcCall call, PipelineWriter output)
        {
            var requests = _search
                ? await ImageCutouts.SearchAsync(Coordinates, _radii[Radius], _positions[Coordinates], Collection, call, output).ConfigureAwait(false)
                : _inputs;
            return await SavePlan.BuildAsync(requests, call, ex => output.WriteError(ErrorRecords.From(ex))).ConfigureAwait(false);
        }

        private protected override async Task EndProcessingAsync(CadcCall call, PipelineWriter output)
        {
            int saved = 0, skipped = 0, failed = 0;
            await DownloadBatch.RunAsync(_approved, _folder, Force.IsPresent, ThrottleLimit, call,
                (t, result) =>
                {
                    if (result.Skipped) Interlocked.Increment(ref skipped);
                    else Interlocked.Increment(ref saved);
                    if (PassThru) output.WriteObject(WithFitsKeywords(result.Path));
                },
                (t, ex) =>
                {
                    Interlocked.Increment(ref failed);
                    output.WriteError(ErrorRecords.From(ex, t.Id));
                },
                p => output.WriteProgress(new ProgressRecord(2, "Saving CADC data", $"{p.Done} of {p.Total} files, {p.Bytes / 1048576.0:0.0} MB") { PercentComplete = p.Percent })).ConfigureAwait(false);
            output.WriteProgress(new ProgressRecord(2, "Saving CADC data", "done") { RecordType = ProgressRecordType.Completed });
            // Verbose, not output or a warning: a script's stdout stays its own (warnings reach the host, and a redirected stdout).
            output.Verbose(SaveSummary.Text(saved, skipped, failed, _folder));
        }

        private static readonly string[] FitsKeywords = { "NAXIS", "BITPIX", "OBJECT", "DATE-OBS" };

        /// <summary>The saved file, carrying NAXIS, BITPIX, OBJECT and DATE-OBS of its primary header when it is FITS.</summary>
        private static PSObject WithFitsKeywords(string path)
        {
            var o = PSObject.AsPSObject(new FileInfo(path));
            try
            {
                using var stream = File.OpenRead(path);
                var primary = Cadc.Core.Fits.FitsReader.ReadHeaders(stream).FirstOrDefault();
                if (primary != null)
                    foreach (var k in FitsKeywords)
                        if (primary[k] is object v) o.Properties.Add(new PSNoteProperty(k, v));
            }
            catch (FormatException) { }          // not FITS (a preview, say): the file as it is
            catch (IOException) { }
            return o;
        }
    }

    /// <summary>The end-of-run line of Save-CadcImage: how many files were saved, already there, failed.</summary>
    internal static class SaveSummary
    {
        public static string Text(int saved, int skipped, int failed, string folder)
            => $"Save-CadcImage: {saved} saved, {skipped} skipped (already present), {failed} failed, in {folder}.";
    }

    /// <summary>
    /// The cutouts around one position without a search by hand (astroquery's get_images/get_image_list): the image planes
    /// whose footprint meets the circle, each to be cut around it. Shared by Save-CadcImage and Get-CadcDataUrl -Cutout.
    /// </summary>
    internal static class ImageCutouts
    {
        /// <param name="call">A call addressed to the DataLink service (the cmdlet's -Service); the search goes to the session's TAP service and resolver.</param>
        public static async Task<IReadOnlyList<SaveRequest>> SearchAsync(string coordinates, double radius, SkyPosition? position, string[]? collection, CadcCall call, PipelineWriter output)
        {
            var tap = call.WithService(null);
            var center = position ?? (await call.Context.Targets.ResolveAsync(coordinates, tap).ConfigureAwait(false)).Position;
            var collections = await CollectionFilter.ResolveAsync(collection, false, tap, output).ConfigureAwait(false);
            var ids = await ImagePlanes.FindAsync(center, radius, collections, tap).ConfigureAwait(false);
            return ids.Select(id => SaveRequest.CutoutOf(id, coordinates, center, radius)).ToList();
        }
    }
}
