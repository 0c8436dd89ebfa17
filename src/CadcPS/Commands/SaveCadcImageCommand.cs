using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Astro;
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

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ID", "obs_publisher_did")]
        [ValidateNotNullOrEmpty]
        public string[] PublisherId { get; set; } = Array.Empty<string>();

        /// <summary>The folder to save into (created if missing). Default: the current folder.</summary>
        [Parameter]
        public string Path { get; set; } = ".";

        /// <summary>
        /// Cut out a circle around this position ("RA Dec", sexagesimal, or a name) instead of saving whole files.
        /// Piped objects may carry their own Coordinates (and Radius): each plane is then cut around its own position.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = "Cutout", ValueFromPipelineByPropertyName = true)]
        public string Coordinates { get; set; } = "";

        [Parameter(ParameterSetName = "Cutout", ValueFromPipelineByPropertyName = true)]
        public string Radius { get; set; } = SearchCadcRegionCommand.DefaultRadius;

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


        private protected override bool PrepareRecord()
        {
            // The parameter set is chosen per input object: objects with Coordinates are cutouts, the others whole files.
            var cutout = ParameterSetName == "Cutout";
            SkyPosition? position = null;
            double radius = 0;
            if (cutout && !(TryParseRadius(Radius, out radius) && TryParsePosition(Coordinates, out position))) return false;
            // A checksum is one file's: it belongs to the input's dataset only when the input names one.
            var checksum = PublisherId.Length == 1 ? Checksum : null;
            long? length = ContentLength > 0 ? ContentLength : (long?)null;
            foreach (var id in PublisherId)
                if (!string.IsNullOrWhiteSpace(id) && (UrlOnly || ShouldProcess(id, cutout ? "Save a cutout" : "Save the file")))
                    _inputs.Add(cutout ? SaveRequest.CutoutOf(id.Trim(), Coordinates, position, radius) : SaveRequest.File(id.Trim(), checksum, length));
            // Everything is fetched at the end: DataLink takes 20 IDs per request, and downloads run in parallel.
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

        private protected override bool PrepareEnd()
        {
            if (_inputs.Count == 0) return false;
            _folder = GetUnresolvedProviderPathFromPSPath(Path);
            if (File.Exists(_folder))
                throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"'{_folder}' is a file; -Path needs a folder.", Path);
            return true;
        }

        private protected override async Task EndProcessingAsync(CadcCall call, PipelineWriter output)
        {
            var targets = await SavePlan.BuildAsync(_inputs, call, ex => output.WriteError(ErrorRecords.From(ex))).ConfigureAwait(false);
            if (UrlOnly)
            {
                foreach (var t in targets) output.WriteObject(t.Url.AbsoluteUri);
                return;
            }
            await DownloadBatch.RunAsync(targets, _folder, Force.IsPresent, ThrottleLimit, call,
                (t, result) => { if (PassThru) output.WriteObject(WithFitsKeywords(result.Path)); },
                (t, ex) => output.WriteError(ErrorRecords.From(ex, t.Id)),
                p => output.WriteProgress(new ProgressRecord(2, "Saving CADC data", $"{p.Done} of {p.Total} files, {p.Bytes / 1048576.0:0.0} MB") { PercentComplete = p.Percent })).ConfigureAwait(false);
            output.WriteProgress(new ProgressRecord(2, "Saving CADC data", "done") { RecordType = ProgressRecordType.Completed });
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
}
