using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Http;

namespace Cadc.Core.Registry
{
    /// <summary>
    /// Resolves a service (an ivo:// id, or a URL given directly) to the endpoint of one of its
    /// capabilities, through the registry's resource-caps file and the service's VOSI capabilities.
    /// Both documents are cached for the session, so only the first call of a session pays for them.
    /// </summary>
    public sealed class ServiceResolver
    {
        private readonly CadcContext _context;
        private readonly SemaphoreSlim _lock = new SemaphoreSlim(1, 1);
        private readonly Dictionary<Uri, ResourceCaps> _registries = new Dictionary<Uri, ResourceCaps>();
        private readonly Dictionary<Uri, CapabilitiesDocument> _capabilities = new Dictionary<Uri, CapabilitiesDocument>();

        internal ServiceResolver(CadcContext context) => _context = context;

        /// <summary>Forgets every cached document (after the registry URL changes, or on request).</summary>
        public void Clear()
        {
            _lock.Wait();
            try { _registries.Clear(); _capabilities.Clear(); }
            finally { _lock.Release(); }
        }

        /// <summary>True when <paramref name="service"/> is a direct http(s) URL rather than an ivo:// id.</summary>
        public static bool IsDirectUrl(string service, out Uri url)
        {
            url = null!;
            if (!Uri.TryCreate(service?.Trim(), UriKind.Absolute, out var u)) return false;
            if (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps) return false;
            url = u;
            return true;
        }

        /// <summary>
        /// The interface of <paramref name="service"/>'s capability <paramref name="standardIds"/> (first found wins)
        /// that fits the session's credentials.
        /// </summary>
        public async Task<ServiceInterface> ResolveAsync(string service, IReadOnlyList<string> standardIds, CadcCall call)
        {
            var document = await GetCapabilitiesAsync(service, call).ConfigureAwait(false);
            foreach (var standardId in standardIds)
            {
                var capability = document.Find(standardId).FirstOrDefault(c => c.Interfaces.Count > 0);
                if (capability is null) continue;
                var chosen = Choose(capability, _context.AuthMethod);
                if (chosen is null)
                    throw new CadcException(ErrorIds.NotAuthenticated, CadcErrorKind.AuthenticationError,
                        $"{service} offers {standardId} only to authenticated users, and this session is {Describe(_context.AuthMethod)}.", service)
                    { RecommendedAction = "Log in, then try again.", Remedy = CadcRemedy.LogIn };
                call.Log.Verbose($"{service}: {standardId} at {UrlText.Redact(chosen.AccessUrl)} ({Describe(_context.AuthMethod)})");
                return chosen;
            }
            throw new CadcException(ErrorIds.CapabilityNotFound, CadcErrorKind.ObjectNotFound,
                $"{service} does not offer {string.Join(" or ", standardIds)}.", service);
        }

        /// <summary>The interface that takes the session's credentials; an anonymous one when none does.</summary>
        internal static ServiceInterface? Choose(Capability capability, AuthMethod method)
        {
            var std = capability.Interfaces.Where(i => i.Role is null || i.Role == "std").ToList();
            var candidates = std.Count > 0 ? std : capability.Interfaces.ToList();
            return candidates.FirstOrDefault(i => i.Accepts(method))
                ?? (method == AuthMethod.Anonymous ? null : candidates.FirstOrDefault(i => i.Accepts(AuthMethod.Anonymous)));
        }

        private static string Describe(AuthMethod method) => method == AuthMethod.Anonymous ? "anonymous" : "authenticated by " + method;

        public async Task<CapabilitiesDocument> GetCapabilitiesAsync(string service, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            var registry = IsDirectUrl(service, out _) ? null : call.Registry;
            var capabilitiesUrl = await CapabilitiesUrlAsync(service, registry, log, cancel).ConfigureAwait(false);
            return await ReadCapabilitiesAsync(service, capabilitiesUrl, log, cancel).ConfigureAwait(false);
        }

        /// <summary>
        /// Lets the session's identity reach <paramref name="service"/>'s hosts (its capabilities document and every
        /// interface), when it is one of CADC's own services (ivo://cadc.nrc.ca/...) found through the registry the session
        /// logged in through, not through another one that $CADC_REGISTRY_URL or a single command names. Resolving a
        /// service trusts nothing by itself: this is called by the code about to talk to the service for the session
        /// (TAP, DataLink, the login).
        /// </summary>
        public async Task TrustAsync(string service, CadcCall call)
        {
            if (IsDirectUrl(service, out _) || !_context.Session.IsSessionRegistry(call.Registry)) return;
            var capabilitiesUrl = await CapabilitiesUrlAsync(service, call.Registry, call.Log, call.Cancel).ConfigureAwait(false);
            var document = await ReadCapabilitiesAsync(service, capabilitiesUrl, call.Log, call.Cancel).ConfigureAwait(false);
            _context.Session.TrustServiceOf(service, capabilitiesUrl);
            foreach (var capability in document.Capabilities)
                foreach (var itf in capability.Interfaces) _context.Session.TrustServiceOf(service, itf.AccessUrl);
        }

        private async Task<CapabilitiesDocument> ReadCapabilitiesAsync(string service, Uri capabilitiesUrl, ICadcLog log, CancellationToken cancel)
        {
            await _lock.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                if (_capabilities.TryGetValue(capabilitiesUrl, out var cached)) return cached;
                var disk = DiskCache();
                var kept = disk.TryRead(capabilitiesUrl, out var age);
                if (kept != null)
                {
                    try
                    {
                        var document = CapabilitiesDocument.Parse(new MemoryStream(kept, writable: false));
                        log.Verbose($"The capabilities of {service} from the cache ({age.TotalSeconds:0} s old, {disk.Folder})");
                        return _capabilities[capabilitiesUrl] = document;
                    }
                    catch (Exception ex) when (ex is FormatException || ex is CadcException) { disk.Forget(capabilitiesUrl); }
                }
                log.Verbose($"Reading the capabilities of {service} from {UrlText.Redact(capabilitiesUrl)}");
                byte[] bytes;
                using (var body = await _context.GetAsync(capabilitiesUrl, log, cancel).ConfigureAwait(false))
                    bytes = await ReadBoundedAsync(body, capabilitiesUrl, cancel).ConfigureAwait(false);
                CapabilitiesDocument parsed;
                try
                {
                    parsed = CapabilitiesDocument.Parse(new MemoryStream(bytes, writable: false));
                }
                catch (FormatException ex)
                {
                    throw new CadcException(ErrorIds.CapabilitiesInvalid, CadcErrorKind.InvalidData,
                        $"The capabilities of {service} at {UrlText.Redact(capabilitiesUrl)} could not be read: {ex.Message}", capabilitiesUrl, ex);
                }
                disk.Write(capabilitiesUrl, bytes);
                _capabilities[capabilitiesUrl] = parsed;
                return parsed;
            }
            finally
            {
                _lock.Release();
            }
        }

        private DocumentCache DiskCache()
            => new DocumentCache(_context.Configuration.DocumentCacheFolder, _context.Configuration.DocumentCacheLifetime);

        /// <summary>A registry or capabilities document, whole, bounded as those documents are (ResponseTooLarge beyond it).</summary>
        private static async Task<byte[]> ReadBoundedAsync(Stream body, Uri url, CancellationToken cancel)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = await body.ReadAsync(chunk, 0, chunk.Length, cancel).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > DocumentCache.MaxBytes)
                    throw new CadcException(ErrorIds.ResponseTooLarge, CadcErrorKind.InvalidData,
                        $"{UrlText.Redact(url)} sent more than {DocumentCache.MaxBytes / 1048576} MiB, more than any registry or capabilities document.", url);
                buffer.Write(chunk, 0, n);
            }
            return buffer.ToArray();
        }

        /// <summary>Where <paramref name="service"/>'s capabilities document is (its registry entry, or a URL given directly + /capabilities).</summary>
        internal Task<Uri> CapabilitiesUrlAsync(string service, CadcCall call)
            => CapabilitiesUrlAsync(service, IsDirectUrl(service, out _) ? null : call.Registry, call.Log, call.Cancel);

        private async Task<Uri> CapabilitiesUrlAsync(string service, Uri? registryUrl, ICadcLog log, CancellationToken cancel)
        {
            if (IsDirectUrl(service, out var direct))
                return new Uri(direct.AbsoluteUri.TrimEnd('/') + "/capabilities");
            if (!service.StartsWith("ivo://", StringComparison.OrdinalIgnoreCase))
                throw new CadcException(ErrorIds.InvalidServiceUrl, CadcErrorKind.InvalidArgument,
                    $"'{service}' is neither an ivo:// service id nor an http(s) URL.", service);
            var registry = await GetRegistryAsync(registryUrl!, log, cancel).ConfigureAwait(false);
            if (registry.TryGet(service, out var url)) return url;
            throw new CadcException(ErrorIds.ServiceNotInRegistry, CadcErrorKind.ObjectNotFound,
                $"{service} is not in the registry {UrlText.Redact(registryUrl)}.", service)
            { RecommendedAction = "Check the service id, or give the service's URL directly." };
        }

        private async Task<ResourceCaps> GetRegistryAsync(Uri registryUrl, ICadcLog log, CancellationToken cancel)
        {
            await _lock.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                if (_registries.TryGetValue(registryUrl, out var cached)) return cached;
                var disk = DiskCache();
                var kept = disk.TryRead(registryUrl, out var age);
                if (kept != null)
                {
                    ResourceCaps? fromDisk = null;
                    try
                    {
                        using var keptReader = ResourceCaps.Reader(new MemoryStream(kept, writable: false));
                        fromDisk = ResourceCaps.Parse(new StringReader(await keptReader.ReadToEndAsync().ConfigureAwait(false)));
                    }
                    catch (Exception ex) when (ex is FormatException || ex is CadcException || ex is IOException) { }
                    if (fromDisk != null)
                    {
                        log.Verbose($"The registry {UrlText.Redact(registryUrl)} from the cache ({age.TotalSeconds:0} s old, {disk.Folder})");
                        return _registries[registryUrl] = fromDisk;
                    }
                    disk.Forget(registryUrl);
                }
                log.Verbose($"Reading the registry {UrlText.Redact(registryUrl)}");
                string text;
                byte[] bytes;
                try
                {
                    using var body = await _context.GetAsync(registryUrl, log, cancel).ConfigureAwait(false);
                    bytes = await ReadBoundedAsync(body, registryUrl, cancel).ConfigureAwait(false);
                    using var reader = ResourceCaps.Reader(new MemoryStream(bytes, writable: false));
                    text = await reader.ReadToEndAsync().ConfigureAwait(false);
                }
                catch (CadcException ex) when (!(ex is TapQueryException) && ex.ErrorId != ErrorIds.ResponseTooLarge)
                {
                    throw new CadcException(ErrorIds.RegistryUnavailable, CadcErrorKind.ConnectionError,
                        $"The registry {UrlText.Redact(registryUrl)} could not be read: {ex.Message}", registryUrl, ex)
                    { RecommendedAction = $"Check {_context.Configuration.DescribeRegistrySource(registryUrl)} and the network." };
                }
                var registry = ResourceCaps.Parse(new StringReader(text))
                    ?? throw new CadcException(ErrorIds.RegistryInvalid, CadcErrorKind.InvalidData,
                        $"{UrlText.Redact(registryUrl)} is not a registry resource-caps document (no 'ivo://id = URL' lines).", registryUrl)
                    { RecommendedAction = $"Check {_context.Configuration.DescribeRegistrySource(registryUrl)}." };
                disk.Write(registryUrl, bytes);
                _registries[registryUrl] = registry;
                return registry;
            }
            finally
            {
                _lock.Release();
            }
        }
    }
}
