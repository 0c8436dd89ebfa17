using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Http;
using Cadc.Core.Registry;

namespace Cadc.Core.Astro
{
    /// <summary>
    /// Object names to positions through CADC's name resolver (ivo://cadc.nrc.ca/resolver, which asks
    /// SIMBAD, NED and VizieR). Answers are cached for the session: names do not move.
    /// </summary>
    public sealed class TargetResolver
    {
        private static readonly char[] Blanks = { ' ', '\t' };
        private readonly CadcContext _context;
        private readonly ConcurrentDictionary<string, ResolvedTarget> _cache = new ConcurrentDictionary<string, ResolvedTarget>(StringComparer.OrdinalIgnoreCase);

        internal TargetResolver(CadcContext context) => _context = context;

        /// <param name="call">The call; its Service is the resolver: an ivo:// id or the URL of its find endpoint; default the session's (ivo://cadc.nrc.ca/resolver).</param>
        public async Task<ResolvedTarget> ResolveAsync(string name, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            var key = string.Join(" ", (name ?? "").Split(Blanks, StringSplitOptions.RemoveEmptyEntries));
            if (key.Length == 0)
                throw new CadcException(ErrorIds.TargetNotResolved, CadcErrorKind.InvalidArgument, "The target name is empty.", name);
            var service = call.Service ?? _context.Configuration.ResolverService;
            // Keyed by the resolver as this call addresses it: another registry's resolver is asked anew.
            var cacheKey = call.KeyOf(service) + "|" + key;
            if (_cache.TryGetValue(cacheKey, out var known)) return known;

            var findUrl = ServiceResolver.IsDirectUrl(service, out var direct) && !direct.AbsolutePath.EndsWith("/capabilities", StringComparison.Ordinal)
                ? direct
                : await FindUrlAsync(service, call).ConfigureAwait(false);
            var url = new Uri(findUrl.AbsoluteUri + (findUrl.Query.Length > 0 ? "&" : "?")
                + "target=" + Uri.EscapeDataString(key) + "&service=all&format=ascii&cached=true");
            var response = await _context.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), log, cancel).ConfigureAwait(false);
            using (response)
            {
                var text = await HttpErrors.ReadPrefixAsync(response, cancel).ConfigureAwait(false);
                // CADC answers 425 (and some deployments 404) for a name no resolver knows.
                if ((int)response.StatusCode == 425 || (int)response.StatusCode == 404)
                    throw NotFound(name!);
                if (!response.IsSuccessStatusCode) throw HttpErrors.FromBody(response, text, _context);
                var target = Parse(name!, text);
                log.Verbose($"{name}: RA {target.Position.Ra.ToString("R", CultureInfo.InvariantCulture)} Dec {target.Position.Dec.ToString("R", CultureInfo.InvariantCulture)} ({target.Service})");
                _cache[cacheKey] = target;
                return target;
            }
        }

        private async Task<Uri> FindUrlAsync(string service, CadcCall call)
        {
            var document = await _context.Services.GetCapabilitiesAsync(service, call).ConfigureAwait(false);
            // The resolver's own capability has no IVOA standard id: take the first one that is not VOSI.
            var capability = document.Capabilities.FirstOrDefault(c => c.Interfaces.Count > 0 && c.StandardId.IndexOf("/std/VOSI", StringComparison.OrdinalIgnoreCase) < 0)
                ?? throw new CadcException(ErrorIds.CapabilityNotFound, CadcErrorKind.ObjectNotFound, $"{service} offers no name resolution capability.", service);
            var chosen = ServiceResolver.Choose(capability, _context.AuthMethod) ?? capability.Interfaces[0];
            return chosen.AccessUrl;
        }

        internal static ResolvedTarget Parse(string name, string text)
        {
            double? ra = null, dec = null;
            string? service = null, type = null, frame = null;
            using var reader = new StringReader(text);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                var eq = line.IndexOf('=');
                if (eq <= 0) continue;
                var k = line.Substring(0, eq).Trim().ToLowerInvariant();
                var v = line.Substring(eq + 1).Trim();
                switch (k)
                {
                    case "ra": ra = double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : (double?)null; break;
                    case "dec": dec = double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null; break;
                    case "service": service = v; break;
                    case "otype": type = v; break;
                    case "coordsys": frame = v; break;
                    case "error": throw NotFound(name);
                }
            }
            if (ra is null || dec is null || ra < 0 || ra >= 360 || dec < -90 || dec > 90)
                throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData, $"The name resolver's answer for '{name}' has no valid position.", name);
            if (frame != null && !frame.Equals("ICRS", StringComparison.OrdinalIgnoreCase) && !frame.Equals("J2000", StringComparison.OrdinalIgnoreCase))
                throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData, $"The name resolver answered '{name}' in frame {frame}, not ICRS.", name);
            return new ResolvedTarget(name, new SkyPosition(ra.Value, dec.Value), service, type);
        }

        private static CadcException NotFound(string name)
            => new CadcException(ErrorIds.TargetNotResolved, CadcErrorKind.ObjectNotFound,
                $"'{name}' is not a name CADC's resolver knows (SIMBAD, NED, VizieR), nor coordinates.", name)
            { RecommendedAction = "Check the spelling, or give coordinates: \"10.684 41.269\" or \"00:42:44.3 +41:16:09\"." };
    }

    /// <summary>A name and where the resolver put it.</summary>
    public sealed class ResolvedTarget
    {
        public ResolvedTarget(string name, SkyPosition position, string? service, string? objectType)
        {
            Name = name;
            Position = position;
            Service = service;
            ObjectType = objectType;
        }

        public string Name { get; }
        public SkyPosition Position { get; }
        public string? Service { get; }
        public string? ObjectType { get; }
    }
}
