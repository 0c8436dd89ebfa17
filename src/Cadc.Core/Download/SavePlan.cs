using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Cadc.Core.Astro;
using Cadc.Core.DataLink;
using Cadc.Core.Errors;

namespace Cadc.Core.Download
{
    /// <summary>What to save for one dataset: its whole file, or a cutout around a position (null: a name, resolved with the rest).</summary>
    public sealed class SaveRequest
    {
        private SaveRequest(string id, bool cutout, string coordinates, SkyPosition? position, double radius, string? checksum = null, long? length = null)
        {
            Checksum = checksum;
            Length = length;
            Id = id;
            Cutout = cutout;
            Coordinates = coordinates;
            Position = position;
            Radius = radius;
        }

        public static SaveRequest File(string id) => new SaveRequest(id, false, "", null, 0);

        /// <param name="checksum">The file's MD5 as CAOM2 gives it (contentChecksum "md5:…") or hex; null: unknown.</param>
        /// <param name="length">The length of the artifact that checksum is of (CAOM2 Artifact.contentLength): it tells which of a dataset's files it is.</param>
        public static SaveRequest File(string id, string? checksum, long? length = null)
            => new SaveRequest(id, false, "", null, 0, string.IsNullOrWhiteSpace(checksum) ? null : checksum!.Trim(), length > 0 ? length : null);

        /// <param name="coordinates">As the user gave it: "RA Dec" (then <paramref name="position"/>) or an object name.</param>
        public static SaveRequest CutoutOf(string id, string coordinates, SkyPosition? position, double radiusDegrees)
            => new SaveRequest(id, true, coordinates, position, radiusDegrees);

        public string Id { get; }
        public bool Cutout { get; }
        public string Coordinates { get; }
        public SkyPosition? Position { get; }
        public double Radius { get; }
        /// <summary>The whole file's expected MD5 (CAOM2 Artifact.contentChecksum), when the caller knows it.</summary>
        public string? Checksum { get; }
        /// <summary>The length of the artifact <see cref="Checksum"/> is of, when known.</summary>
        public long? Length { get; }
    }

    /// <summary>One file to fetch: the dataset it is for, its URL, and its file name (null: the server's).</summary>
    public sealed class SaveTarget
    {
        public SaveTarget(string id, Uri url, string? fileName)
        {
            Id = id;
            Url = url;
            FileName = fileName;
        }

        /// <param name="expectedMd5">What the file's MD5 must be ("md5:…" or hex); null: unknown.</param>
        /// <param name="expectedLength">Its length as DataLink gives it (content_length); null: unknown.</param>
        public SaveTarget(string id, Uri url, string? fileName, string? expectedMd5, long? expectedLength) : this(id, url, fileName)
        {
            ExpectedMd5 = expectedMd5;
            ExpectedLength = expectedLength;
        }

        public string Id { get; }
        public Uri Url { get; }
        public string? FileName { get; }
        public string? ExpectedMd5 { get; }
        public long? ExpectedLength { get; }
    }

    /// <summary>
    /// Turns save requests into files to fetch (astroquery's get_image_list): names resolved once each, whole files
    /// through DataLink's #this links and cutouts through each plane's own #cutout service descriptor, 20 datasets
    /// per DataLink request, one file name per plane and circle.
    /// </summary>
    public static class SavePlan
    {
        /// <summary>The targets of <paramref name="requests"/>; what cannot be planned (an unknown name, a dataset without data)
        /// goes to <paramref name="onError"/> and the rest goes on.</summary>
        public static async Task<IReadOnlyList<SaveTarget>> BuildAsync(IReadOnlyList<SaveRequest> requests, CadcCall call, Action<CadcException> onError)
        {
            var targets = new List<SaveTarget>();
            var cutouts = requests.Where(r => r.Cutout).ToList();
            if (cutouts.Count > 0) await PlanCutoutsAsync(cutouts, call, targets, onError).ConfigureAwait(false);
            // Each dataset once: the same ID twice would be two downloads of one file into one name.
            var ids = requests.Where(r => !r.Cutout).Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count > 0)
            {
                var checksums = requests.Where(r => !r.Cutout && r.Checksum != null).GroupBy(r => r.Id, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
                var files = new List<DataLinkRow>();
                var datalink = await DataLinkService.ResolveAsync(call).ConfigureAwait(false);
                for (var i = 0; i < ids.Count; i += DataLinkService.BatchSize)
                    await datalink.ReadLinksAsync(ids.Skip(i).Take(DataLinkService.BatchSize).ToList(), true, link =>
                    {
                        if (link.ErrorMessage != null) onError(NoData(link, "No data for"));
                        else if (link.AccessUrl != null && link.Semantics == "#this") files.Add(link);
                    }, call).ConfigureAwait(false);
                var perDataset = files.GroupBy(f => f.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                foreach (var link in files)
                {
                    // A checksum is one artifact's, and a plane has several (file, preview, thumbnail): it belongs to a
                    // DataLink file whose content_length is that artifact's contentLength, or to a dataset's only file
                    // when only one checksum was given. CADC's DataLink rows carry content_length, no checksum.
                    string? md5 = null;
                    if (checksums.TryGetValue(link.Id, out var known))
                    {
                        var sameLength = known.Where(k => k.Length != null && k.Length == link.ContentLength).Select(k => k.Checksum!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                        var all = known.Select(k => k.Checksum!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                        if (sameLength.Count == 1) md5 = sameLength[0];
                        else if (sameLength.Count == 0 && all.Count == 1 && perDataset[link.Id] == 1) md5 = all[0];
                        else call.Log.Verbose($"{link.Id}: {all.Count} checksums for {perDataset[link.Id]} files, none of one length with it ({link.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} bytes); none is used.");
                    }
                    targets.Add(new SaveTarget(link.Id, link.AccessUrl!, null, md5, link.ContentLength));
                }
            }
            return targets;
        }

        private static async Task PlanCutoutsAsync(List<SaveRequest> cutouts, CadcCall call, List<SaveTarget> targets, Action<CadcException> onError)
        {
            var centers = new Dictionary<string, SkyPosition>(StringComparer.Ordinal);
            foreach (var name in cutouts.Where(c => c.Position == null).Select(c => c.Coordinates).Distinct())
            {
                // An unknown name fails its own cutouts only. The call's service is the DataLink one: the resolver is the session's.
                try { centers[name] = (await call.Context.Targets.ResolveAsync(name, call.WithService(null)).ConfigureAwait(false)).Position; }
                catch (CadcException ex) { onError(ex); }
            }
            var circles = new List<(string Id, SkyPosition Center, double Radius, string Circle)>();
            var seen = new HashSet<(string, string)>();
            foreach (var c in cutouts)
            {
                SkyPosition center;
                if (c.Position is SkyPosition typed) center = typed;
                else if (!centers.TryGetValue(c.Coordinates, out center)) continue;
                var circle = string.Join(" ", "CIRCLE", center.Ra.ToString("R", CultureInfo.InvariantCulture),
                    center.Dec.ToString("R", CultureInfo.InvariantCulture), c.Radius.ToString("R", CultureInfo.InvariantCulture));
                // The same plane and circle twice is one cutout.
                if (seen.Add((c.Id, circle))) circles.Add((c.Id, center, c.Radius, circle));
            }
            if (circles.Count == 0) return;
            // Each plane's cutout service, from its DataLink service descriptor, 20 planes per request.
            var datalink = await DataLinkService.ResolveAsync(call).ConfigureAwait(false);
            var services = new Dictionary<string, CutoutService>(StringComparer.Ordinal);
            var planes = circles.Select(c => c.Id).Distinct().ToList();
            for (var i = 0; i < planes.Count; i += DataLinkService.BatchSize)
                await datalink.ReadCutoutServicesAsync(planes.Skip(i).Take(DataLinkService.BatchSize).ToList(), (id, s) => services[id] = s,
                    link => onError(NoData(link, "No cutout of")), call).ConfigureAwait(false);
            foreach (var (id, center, radius, circle) in circles.Where(c => services.ContainsKey(c.Id)))
                targets.Add(new SaveTarget(id, services[id].UrlFor(circle), CutoutName(id, center, radius, circle, datalink.Url)));
        }

        private static CadcException NoData(DataLinkRow link, string what)
            => new CadcException(ErrorIds.DataLinkIdError, CadcErrorKind.ObjectNotFound, $"{what} {link.Id}: {link.ErrorMessage}", link.Id);

        /// <summary>
        /// The file name of a cutout: the same for the same plane and circle on every run, and different for another plane or
        /// circle, whatever else the call asked for. Readable parts first — the product ID ("2376543o" of
        /// ivo://cadc.nrc.ca/CFHT?2376543/2376543o), the centre (RA, signed Dec, degrees) and the radius in arcsec — then
        /// 8 hex digits of a SHA-256 of the full plane ID and the exact circle, which tell apart the planes that share a
        /// product ID (many collections call every product "reduced-0") and circles that round to the same text:
        /// 2376543o__cutout_131.28125+54.3_r60arcsec_1a2b3c4d.fits.
        /// </summary>
        internal static string CutoutName(string id, SkyPosition center, double radius, string circle, Uri service)
        {
            var q = id.LastIndexOf('?');
            var parts = id.Substring(q + 1).Split(Slash, StringSplitOptions.RemoveEmptyEntries);
            var product = parts.Length > 0 ? parts[parts.Length - 1] : "cutout";
            var c = CultureInfo.InvariantCulture;
            var name = product + "__cutout_" + center.Ra.ToString("0.#####", c) + center.Dec.ToString("+0.#####;-0.#####;+0", c)
                + "_r" + (radius * 3600).ToString("0.##", c) + "arcsec_" + FileNames.StableHash(id + " " + circle) + ".fits";
            return FileDownloader.SafeName(name, service);
        }

        private static readonly char[] Slash = { '/' };
    }
}
