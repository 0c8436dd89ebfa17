using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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

        /// <summary>Name resolver standardIDs: CADC's (cadc-registry's Standards.RESOLVER_10) and the sandbox's stand-in.</summary>
        private static readonly string[] FindStandardIds =
        {
            "vos://cadc.nrc.ca~vospace/CADC/std/NameResolver#names-1.0",
            "http://www.opencadc.org/std/resolver#find-1.0",
        };

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

        /// <summary>
        /// The resolver's find endpoint from its capabilities. CADC's documents list VOSI capabilities, availability and
        /// logControl before the service's own capability, so position means nothing: the find capability is the one with
        /// a name resolver standardID, else one whose accessURL ends in /find; never VOSI nor logging. A document without
        /// either (or no document) leaves &lt;service base&gt;/find. Nothing here is kept: a failure is met again next time.
        /// </summary>
        private async Task<Uri> FindUrlAsync(string service, CadcCall call)
        {
            var log = call.Log;
            // A capabilities URL given directly names the service by its base.
            if (ServiceResolver.IsDirectUrl(service, out var direct) && direct.AbsolutePath.EndsWith("/capabilities", StringComparison.Ordinal))
                service = WithoutCapabilities(direct.GetLeftPart(UriPartial.Path));
            var capabilitiesUrl = await _context.Services.CapabilitiesUrlAsync(service, call).ConfigureAwait(false);
            CapabilitiesDocument? document = null;
            try
            {
                document = await _context.Services.GetCapabilitiesAsync(service, call).ConfigureAwait(false);
            }
            catch (CadcHttpException ex) when (ex.StatusCode == 404 || ex.StatusCode == 410)
            {
                log.Verbose($"{service} has no capabilities document ({ex.ErrorId})");
            }
            var candidates = document?.Capabilities.Where(c => c.Interfaces.Count > 0 && !IsVosi(c) && !IsLogging(c)).ToList() ?? new List<Capability>();
            var capability = candidates.FirstOrDefault(c => FindStandardIds.Any(id => string.Equals(id, c.StandardId, StringComparison.OrdinalIgnoreCase)))
                ?? candidates.FirstOrDefault(c => c.Interfaces.Any(EndsInFind));
            if (capability != null)
            {
                var chosen = ServiceResolver.Choose(capability, _context.AuthMethod) ?? capability.Interfaces.FirstOrDefault(EndsInFind) ?? capability.Interfaces[0];
                return chosen.AccessUrl;
            }
            var fallback = new Uri(WithoutCapabilities(capabilitiesUrl.GetLeftPart(UriPartial.Path)).TrimEnd('/') + "/find");
            log.Verbose($"{service} lists no name resolution capability: asking {UrlText.Redact(fallback)}");
            return fallback;
        }

        private static bool IsVosi(Capability c) => c.StandardId.IndexOf("/std/VOSI", StringComparison.OrdinalIgnoreCase) >= 0;

        // CADC writes both vos://cadc.nrc.ca~vospace/CADC/std/Logging#control-1.0 and .../std/LOGGING#logControl-1.0.
        private static bool IsLogging(Capability c)
            => c.StandardId.IndexOf("/std/Logging#", StringComparison.OrdinalIgnoreCase) >= 0
               || c.Interfaces.Any(i => i.AccessUrl.AbsolutePath.EndsWith("/logControl", StringComparison.OrdinalIgnoreCase));

        private static string WithoutCapabilities(string url)
            => url.EndsWith("/capabilities", StringComparison.Ordinal) ? url.Substring(0, url.Length - "/capabilities".Length) : url;

        private static bool EndsInFind(ServiceInterface i) => i.AccessUrl.AbsolutePath.TrimEnd('/').EndsWith("/find", StringComparison.Ordinal);

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
            // NaN passes every comparison below as "not out of range": it is refused by name (so is infinity).
            if (ra is null || dec is null || double.IsNaN(ra.Value) || double.IsNaN(dec.Value) || ra < 0 || ra >= 360 || dec < -90 || dec > 90)
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
