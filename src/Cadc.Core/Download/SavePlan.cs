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
        private SaveRequest(string id, bool cutout, string coordinates, SkyPosition? position, double radius)
        {
            Id = id;
            Cutout = cutout;
            Coordinates = coordinates;
            Position = position;
            Radius = radius;
        }

        public static SaveRequest File(string id) => new SaveRequest(id, false, "", null, 0);

        /// <param name="coordinates">As the user gave it: "RA Dec" (then <paramref name="position"/>) or an object name.</param>
        public static SaveRequest CutoutOf(string id, string coordinates, SkyPosition? position, double radiusDegrees)
            => new SaveRequest(id, true, coordinates, position, radiusDegrees);

        public string Id { get; }
        public bool Cutout { get; }
        public string Coordinates { get; }
        public SkyPosition? Position { get; }
        public double Radius { get; }
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

        public string Id { get; }
        public Uri Url { get; }
        public string? FileName { get; }
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
            var ids = requests.Where(r => !r.Cutout).Select(r => r.Id).ToList();
            if (ids.Count > 0)
            {
                var datalink = await DataLinkService.ResolveAsync(call).ConfigureAwait(false);
                for (var i = 0; i < ids.Count; i += DataLinkService.BatchSize)
                    await datalink.ReadLinksAsync(ids.Skip(i).Take(DataLinkService.BatchSize).ToList(), true, link =>
                    {
                        if (link.ErrorMessage != null) onError(NoData(link, "No data for"));
                        else if (link.AccessUrl != null && link.Semantics == "#this") targets.Add(new SaveTarget(link.Id, link.AccessUrl, null));
                    }, call).ConfigureAwait(false);
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
            if (circles.Count == 0) return;
            // Each plane's cutout service, from its DataLink service descriptor, 20 planes per request.
            var datalink = await DataLinkService.ResolveAsync(call).ConfigureAwait(false);
            var services = new Dictionary<string, CutoutService>(StringComparer.Ordinal);
            var planes = circles.Select(c => c.Id).Distinct().ToList();
            for (var i = 0; i < planes.Count; i += DataLinkService.BatchSize)
                await datalink.ReadCutoutServicesAsync(planes.Skip(i).Take(DataLinkService.BatchSize).ToList(), (id, s) => services[id] = s,
                    link => onError(NoData(link, "No cutout of")), call).ConfigureAwait(false);
            circles = circles.Where(c => services.ContainsKey(c.Id)).ToList();
            var names = CutoutNames(circles.Select(c => c.Id), datalink.Url);
            // A plane cut around several positions gets numbered files, which would otherwise overwrite each other.
            var perPlane = circles.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.Count());
            var numbered = new Dictionary<string, int>();
            foreach (var (id, circle) in circles)
            {
                var n = numbered[id] = numbered.TryGetValue(id, out var k) ? k + 1 : 1;
                var file = names[id] + "__cutout" + (perPlane[id] > 1 ? "-" + n.ToString(CultureInfo.InvariantCulture) : "") + ".fits";
                targets.Add(new SaveTarget(id, services[id].UrlFor(circle), file));
            }
        }

        private static CadcException NoData(DataLinkRow link, string what)
            => new CadcException(ErrorIds.DataLinkIdError, CadcErrorKind.ObjectNotFound, $"{what} {link.Id}: {link.ErrorMessage}", link.Id);

        /// <summary>
        /// The cutout file name of each plane: its product ID ("2376543o" of ivo://cadc.nrc.ca/CFHT?2376543/2376543o).
        /// Product IDs repeat across observations (many collections call every product "reduced-0"), so planes
        /// whose names clash in this call take their observation ID, then their collection, in front
        /// ("I100B4H0__reduced-0"): one file per plane, and the usual short name whenever it is unique.
        /// Compared ignoring case, as Windows and macOS file systems do.
        /// </summary>
        internal static Dictionary<string, string> CutoutNames(IEnumerable<string> ids, Uri service)
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
    }
}
