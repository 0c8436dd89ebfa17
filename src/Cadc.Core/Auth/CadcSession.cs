using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace Cadc.Core.Auth
{
    /// <summary>
    /// A session's identity and the hosts allowed to see it. Credentials go only to CADC's own domains
    /// (over https) and to the hosts of the CADC services this session resolved through its registry:
    /// never to a URL the user typed for another service, nor to a redirect target elsewhere.
    /// </summary>
    public sealed class CadcSession
    {
        // The cookie domains astroquery.cadc sets CADC_SSO for.
        private static readonly string[] CadcDomains = { ".canfar.net", ".cadc-ccda.hia-iha.nrc-cnrc.gc.ca", ".cadc.dao.nrc.ca" };
        private const string CadcAuthority = "ivo://cadc.nrc.ca/";

        private readonly object _gate = new object();
        private readonly HashSet<string> _trusted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private CadcIdentity? _identity;
        private Uri? _registry;

        /// <summary>Who the session is; null when anonymous.</summary>
        public CadcIdentity? Identity
        {
            get { lock (_gate) return _identity; }
        }

        public AuthMethod Method => Identity?.Method ?? AuthMethod.Anonymous;

        /// <summary>Replaces the identity (null: anonymous), releasing the previous one.</summary>
        public void SetIdentity(CadcIdentity? identity)
        {
            CadcIdentity? previous;
            lock (_gate)
            {
                previous = _identity;
                _identity = identity;
            }
            if (!ReferenceEquals(previous, identity)) previous?.Dispose();
        }

        /// <summary>The registry the identity was connected through: only services found through it may see the identity.</summary>
        public Uri? Registry
        {
            get { lock (_gate) return _registry; }
        }

        /// <summary>True when services found through <paramref name="registry"/> are this session's own (a login went through it).</summary>
        internal bool IsSessionRegistry(Uri registry)
        {
            lock (_gate) return _registry != null && _registry == registry;
        }

        /// <summary>A login through <paramref name="registry"/> begins: no host is trusted but those it finds from now on.</summary>
        internal void BeginTrust(Uri registry)
        {
            lock (_gate)
            {
                _registry = registry;
                _trusted.Clear();
            }
        }

        /// <summary>Remembers the host of <paramref name="url"/> as one of CADC's services (called by the resolver).</summary>
        internal void TrustServiceOf(string serviceId, Uri url)
        {
            if (!serviceId.StartsWith(CadcAuthority, StringComparison.OrdinalIgnoreCase) || !url.IsAbsoluteUri) return;
            lock (_gate) _trusted.Add(Authority(url));
        }

        /// <summary>True when credentials may be sent to <paramref name="url"/>.</summary>
        public bool IsTrusted(Uri? url)
        {
            if (url is null || !url.IsAbsoluteUri) return false;
            if (url.Scheme == Uri.UriSchemeHttps)
                foreach (var d in CadcDomains)
                    if (url.Host.EndsWith(d, StringComparison.OrdinalIgnoreCase) || ("." + url.Host).Equals(d, StringComparison.OrdinalIgnoreCase)) return true;
            lock (_gate) return _trusted.Contains(Authority(url));
        }

        /// <summary>
        /// Adds <paramref name="identity"/>'s credential to <paramref name="request"/> when its host may see it and the command
        /// that sends it addressed one of the session's services. Otherwise the request is kept anonymous for good, redirects
        /// included: a server the session does not trust (a -Service URL elsewhere, a registry other than the session's) cannot
        /// send the session's credential anywhere, not by redirecting, nor by naming a trusted host in its answers.
        /// </summary>
        internal void Authorize(HttpRequestMessage request, CadcIdentity? identity)
        {
            if (Http.RequestOptions.IsKeptAnonymous(request)) return;
            if (!IsTrusted(request.RequestUri) || !AddressesSessionService(CadcCall.Of(Http.RequestOptions.Log(request))))
            {
                Http.RequestOptions.KeepAnonymous(request);
                return;
            }
            identity?.Authorize(request);
        }

        /// <summary>
        /// Keeps <paramref name="request"/> anonymous when its URL came from <paramref name="source"/> (a job's result href, a
        /// link in an answer) and the session does not trust that source: its say-so gives no credential to any host.
        /// </summary>
        internal void DerivedFrom(HttpRequestMessage request, Uri? source)
        {
            if (source != null && !IsTrusted(source)) Http.RequestOptions.KeepAnonymous(request);
        }

        /// <summary>
        /// True when <paramref name="call"/> addressed the session's own services: a service URL on a trusted host, or an ivo://
        /// id (its own or the operation's default) resolved through the registry the session logged in through. A request sent
        /// outside any command (no call) is judged by its host alone.
        /// </summary>
        private bool AddressesSessionService(CadcCall? call)
        {
            if (call is null) return true;
            if (call.Service != null && global::Cadc.Core.Registry.ServiceResolver.IsDirectUrl(call.Service, out var direct)) return IsTrusted(direct);
            Uri registry;
            try { registry = call.Registry; }
            catch (Errors.CadcException) { return false; }
            return IsSessionRegistry(registry);
        }

        /// <summary>The registry and hosts trusted now, to put back with <see cref="RestoreTrust"/> when a login fails.</summary>
        internal TrustState TrustSnapshot()
        {
            lock (_gate) return new TrustState(_registry, _trusted.ToArray());
        }

        /// <summary>Trusts exactly what <paramref name="snapshot"/> did.</summary>
        internal void RestoreTrust(TrustState snapshot)
        {
            lock (_gate)
            {
                _registry = snapshot.Registry;
                _trusted.Clear();
                _trusted.UnionWith(snapshot.Hosts);
            }
        }

        /// <summary>Back to anonymous, trusting no host: Disconnect-Cadc.</summary>
        public void Clear()
        {
            SetIdentity(null);
            lock (_gate)
            {
                _trusted.Clear();
                _registry = null;
            }
        }

        internal sealed class TrustState
        {
            public TrustState(Uri? registry, string[] hosts)
            {
                Registry = registry;
                Hosts = hosts;
            }

            public Uri? Registry { get; }
            public string[] Hosts { get; }
        }

        private static string Authority(Uri url) => url.Scheme + "://" + url.Authority;
    }
}
