using System;
using System.Threading;

namespace Cadc.Core
{
    /// <summary>
    /// One command's call into Core: the session it runs in, where it reports, when it must stop, and which
    /// registry and service it addressed (its own, else the session's). Every Core entry point takes one, so a
    /// command's -RegistryUrl or -Service cannot be forgotten halfway down, and caches key on what it names.
    /// </summary>
    public sealed class CadcCall
    {
        private readonly Uri? _givenRegistry;
        private Uri? _registry;

        public CadcCall(CadcContext context, ICadcLog log, CancellationToken cancel, Uri? registryUrl = null, string? service = null)
        {
            Context = context ?? throw new ArgumentNullException(nameof(context));
            Log = log ?? throw new ArgumentNullException(nameof(log));
            Cancel = cancel;
            _givenRegistry = registryUrl;
            Service = string.IsNullOrWhiteSpace(service) ? null : service!.Trim();
        }

        public CadcContext Context { get; }
        public ICadcLog Log { get; }
        public CancellationToken Cancel { get; }

        /// <summary>The service this command named (an ivo:// id or a URL); null: each operation's default.</summary>
        public string? Service { get; }

        /// <summary>True when the command was given its own registry (not the session's).</summary>
        public bool RegistryGiven => _givenRegistry != null;

        /// <summary>
        /// The registry this command resolves ivo:// ids through: its own, else the session's, read once per call
        /// (so $CADC_REGISTRY_URL changing mid-command changes nothing).
        /// </summary>
        /// <exception cref="Errors.CadcException">InvalidRegistryUrl, from the session's configuration.</exception>
        public Uri Registry => _registry ??= _givenRegistry ?? Context.Configuration.RegistryUrl;

        /// <summary>Time to wait for response headers, and for each read of a body.</summary>
        public TimeSpan Timeout => Context.Configuration.Timeout;

        /// <summary>The same call for another service (e.g. the name resolver next to a TAP search).</summary>
        public CadcCall WithService(string? service) => new CadcCall(Context, Log, Cancel, _givenRegistry, service) { _registry = _registry };

        /// <summary>The same call under another token (a sub-operation with a deadline of its own).</summary>
        public CadcCall WithCancel(CancellationToken cancel) => new CadcCall(Context, Log, cancel, _givenRegistry, Service) { _registry = _registry };

        /// <summary>The cache key of <paramref name="service"/> as this call addresses it: a URL alone, an ivo:// id with its registry.</summary>
        public string KeyOf(string service)
            => global::Cadc.Core.Registry.ServiceResolver.IsDirectUrl(service, out var url) ? url.AbsoluteUri : Registry.AbsoluteUri + " " + service;
    }
}
