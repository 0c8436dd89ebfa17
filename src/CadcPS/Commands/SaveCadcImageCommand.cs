using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Astro;
using Cadc.Core.DataLink;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using Cadc.Core.Registry;
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
        private readonly List<Input> _inputs = new List<Input>();
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

        /// <summary>Return the URLs instead of downloading (astroquery's get_image_list).</summary>
        [Parameter]
        public SwitchParameter UrlOnly { get; set; }

        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Download again even when an identical file is there.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }


        /// <summary>One piped ID: a whole file, or a cutout around a parsed position (null: a name, resolved once all input is in).</summary>
        private sealed class Input
        {
            public Input(string id, bool cutout, string coordinates, SkyPosition? position, double radius)
            {
                Id = id;
                Cutout = cutout;
                Coordinates = coordinates;
                Position = position;
                Radius = radius;
            }

            public string Id { get; }
            public bool Cutout { get; }
            public string Coordinates { get; }
            public SkyPosition? Position { get; }
            public double Radius { get; }
        }

        private protected override bool PrepareRecord()
        {
            // The parameter set is chosen per input object: objects with Coordinates are cutouts, the others whole files.
            var cutout = ParameterSetName == "Cutout";
            SkyPosition? position = null;
            double radius = 0;
            if (cutout && !(TryParseRadius(Radius, out radius) && TryParsePosition(Coordinates, out position))) return false;
            foreach (var id in PublisherId)
                if (!string.IsNullOrWhiteSpace(id) && (UrlOnly || ShouldProcess(id, cutout ? "Save a cutout" : "Save the file")))
                    _inputs.Add(new Input(id.Trim(), cutout, Coordinates, position, radius));
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

        private protected override async Task EndProcessingAsync(CadcCall call, PipelineWriter writer)
        {
            var context = call.Context;
            var cancel = call.Cancel;
            var folder = _folder;
            var cutouts = _inputs.Where(i => i.Cutout).ToList();
            var ids = _inputs.Where(i => !i.Cutout).Select(i => i.Id).ToList();
            var force = Force.IsPresent;
            var passThru = PassThru.IsPresent;
            // What to fetch: (id, url, file name or null)
            var targets = new List<(string Id, Uri Url, string? Name)>();
            if (cutouts.Count > 0)
            {
                var centers = new Dictionary<string, SkyPosition>(StringComparer.Ordinal);
                foreach (var name in cutouts.Where(c => c.Position == null).Select(c => c.Coordinates).Distinct())
                {
                    // An unknown name fails its own cutouts only.
                    try { centers[name] = (await context.Targets.ResolveAsync(name, call.WithService(null)).ConfigureAwait(false)).Position; }
                    catch (CadcException ex) { writer.WriteError(ErrorRecords.From(ex)); }
                }
                var circles = new List<(string Id, string Circle)>();
                var seen = new HashSet<(string, string)>();
                foreach (var c in cutouts)
                {
                    SkyPosition center;
                    if (c.Position is SkyPosition typed) center = typed;
                    else if (!centers.TryGetValue(c.Coordinates, out center)) continue;
                    var circle = string.Join(" ", "CIRCLE", center.Ra.ToString("R", CultureInfo.InvariantCulture),
                        center.Dec.ToString("R", CultureInfo.InvariantCulture), c.Radius.ToString("R", CultureInfo.InvariantCulture));
                    // The same plane and circle twice is one cutout.
                    if (seen.Add((c.Id, circle))) circles.Add((c.Id, circle));
                }
                if (circles.Count > 0)
                {
                    // Each plane's cutout service, from its DataLink service descriptor, 20 planes per request.
                    var datalink = await DataLinkService.ResolveAsync(call).ConfigureAwait(false);
                    var services = new Dictionary<string, CutoutService>(StringComparer.Ordinal);
                    var planes = circles.Select(c => c.Id).Distinct().ToList();
                    for (var i = 0; i < planes.Count; i += DataLinkService.BatchSize)
                        await datalink.ReadCutoutServicesAsync(planes.Skip(i).Take(DataLinkService.BatchSize).ToList(), (id, s) => services[id] = s,
                            link => writer.WriteError(ErrorRecords.Create(ErrorIds.DataLinkIdError, CadcErrorKind.ObjectNotFound, $"No cutout of {link.Id}: {link.ErrorMessage}", link.Id)),
                            call).ConfigureAwait(false);
                    circles = circles.Where(c => services.ContainsKey(c.Id)).ToList();
                    var names = CutoutNames(circles.Select(c => c.Id), datalink.Url);
                    // A plane cut around several positions gets numbered files, which would otherwise overwrite each other.
                    var perPlane = circles.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.Count());
                    var numbered = new Dictionary<string, int>();
                    foreach (var (id, circle) in circles)
                    {
                        var n = numbered[id] = numbered.TryGetValue(id, out var k) ? k + 1 : 1;
                        var file = names[id] + "__cutout" + (perPlane[id] > 1 ? "-" + n.ToString(CultureInfo.InvariantCulture) : "") + ".fits";
                        targets.Add((id, services[id].UrlFor(circle), file));
                    }
                }
            }
            if (ids.Count > 0)
            {
                var datalink = await DataLinkService.ResolveAsync(call).ConfigureAwait(false);
                for (var i = 0; i < ids.Count; i += DataLinkService.BatchSize)
                    await datalink.ReadLinksAsync(ids.Skip(i).Take(DataLinkService.BatchSize).ToList(), true, link =>
                    {
                        if (link.ErrorMessage != null)
                            writer.WriteError(ErrorRecords.Create(ErrorIds.DataLinkIdError, CadcErrorKind.ObjectNotFound, $"No data for {link.Id}: {link.ErrorMessage}", link.Id));
                        else if (link.AccessUrl != null && link.Semantics == "#this") targets.Add((link.Id, link.AccessUrl, null));
                    }, call).ConfigureAwait(false);
            }
            if (UrlOnly)
            {
                foreach (var t in targets) writer.WriteObject(t.Url.AbsoluteUri);
                return;
            }
            try { Directory.CreateDirectory(folder); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"Cannot create the folder '{folder}': {ex.Message}", folder, ex);
            }
            var progress = new ProgressRecord(2, "Saving CADC data", $"0 of {targets.Count} files");
            long done = 0, bytes = 0;
            using var gate = new SemaphoreSlim(ThrottleLimit);
            var tasks = targets.Select(async t =>
            {
                await gate.WaitAsync(cancel).ConfigureAwait(false);
                try
                {
                    var result = await FileDownloader.DownloadAsync(t.Url, folder, t.Name, null, force,
                        new Progress(n => Interlocked.Add(ref bytes, n)), call).ConfigureAwait(false);
                    if (passThru) writer.WriteObject(WithFitsKeywords(result.Path));
                }
                catch (CadcException ex)
                {
                    writer.WriteError(ErrorRecords.From(ex, t.Id));
                }
                finally
                {
                    gate.Release();
                    var n = Interlocked.Increment(ref done);
                    progress.StatusDescription = $"{n} of {targets.Count} files, {Interlocked.Read(ref bytes) / 1048576.0:0.0} MB";
                    progress.PercentComplete = (int)(100 * n / Math.Max(1, targets.Count));
                    writer.WriteProgress(progress);
                }
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            writer.WriteProgress(new ProgressRecord(2, "Saving CADC data", "done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>
        /// The cutout file name of each plane: its product ID ("2376543o" of ivo://cadc.nrc.ca/CFHT?2376543/2376543o).
        /// Product IDs repeat across observations (many collections call every product "reduced-0"), so planes
        /// whose names clash in this call take their observation ID, then their collection, in front
        /// ("I100B4H0__reduced-0"): one file per plane, and the usual short name whenever it is unique.
        /// Compared ignoring case, as Windows and macOS file systems do.
        /// </summary>
        private static Dictionary<string, string> CutoutNames(IEnumerable<string> ids, Uri service)
        {
            var level = ids.Distinct().ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var round = 0; round < 3; round++)
            {
                foreach (var id in level.Keys) names[id] = CutoutName(id, level[id], service);
                var clashing = names.GroupBy(kv => kv.Value, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).SelectMany(g => g.Select(kv => kv.Key)).ToList();
                if (clashing.Count == 0) break;
                foreach (var id in clashing) level[id] = Math.Min(level[id] + 1, 2);
            }
            return names;
        }

        private static string CutoutName(string id, int level, Uri service)
        {
            var q = id.LastIndexOf('?');
            var parts = id.Substring(q + 1).Split(Slash, StringSplitOptions.RemoveEmptyEntries);
            var take = level == 0 ? 1 : parts.Length;
            var name = string.Join("__", parts.Skip(Math.Max(0, parts.Length - take)));
            if (level >= 2 && q > 0) name = id.Substring(0, q).Substring(id.Substring(0, q).LastIndexOf('/') + 1) + "__" + name;
            return FileDownloader.SafeName(name, service);
        }

        private static readonly char[] Slash = { '/' };

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

        /// <summary>A synchronous IProgress: Progress&lt;T&gt; would post to a captured context.</summary>
        private sealed class Progress : IProgress<long>
        {
            private readonly Action<long> _report;
            public Progress(Action<long> report) => _report = report;
            public void Report(long value) => _report(value);
        }
    }
}
