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
        private readonly CallLog _log;
        private Uri? _registry;

        /// <param name="timeout">This command's own wait limit (-TimeoutSec) for every request it sends, the TAP query's
        /// answer included; null: the session's (<see cref="CadcConfiguration.Timeout"/>, <see cref="CadcConfiguration.QueryTimeout"/>).
        /// InfiniteTimeSpan: no limit.</param>
        public CadcCall(CadcContext context, ICadcLog log, CancellationToken cancel, Uri? registryUrl = null, string? service = null, TimeSpan? timeout = null)
        {
            Context = context ?? throw new ArgumentNullException(nameof(context));
            if (log is null) throw new ArgumentNullException(nameof(log));
            Cancel = cancel;
            _givenRegistry = registryUrl;
            Service = string.IsNullOrWhiteSpace(service) ? null : service!.Trim();
            // A call made from another call's log (a sub-operation) keeps that call's timeout unless given its own.
            var outer = log as CallLog;
            GivenTimeout = timeout ?? outer?.Call.GivenTimeout;
            if (GivenTimeout is TimeSpan t && t <= TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan)
                throw new ArgumentOutOfRangeException(nameof(timeout), t, "A timeout is positive, or InfiniteTimeSpan for no limit.");
            _log = new CallLog(this, outer?.Inner ?? log);
        }

        public CadcContext Context { get; }

        /// <summary>
        /// Where this call reports. It also carries the call to the HTTP layer: Core passes a call's log down with every
        /// request it sends, so each request waits as long as its call allows (<see cref="CadcContext.SendAsync"/>).
        /// </summary>
        public ICadcLog Log => _log;

        public CancellationToken Cancel { get; }

        /// <summary>The wait limit this command was given (-TimeoutSec); null: the session's.</summary>
        public TimeSpan? GivenTimeout { get; }

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

        /// <summary>Time to wait for response headers, and for each read of a body: the command's own, else the session's.</summary>
        public TimeSpan Timeout => GivenTimeout ?? Context.Configuration.Timeout;

        /// <summary>
        /// Time a synchronous TAP query may take before its answer starts: the command's own timeout when it has one
        /// (it bounds every wait of the command), else the session's QueryTimeout (never shorter than its Timeout).
        /// </summary>
        public TimeSpan QueryTimeout => GivenTimeout ?? CadcConfiguration.Longer(Context.Configuration.QueryTimeout, Context.Configuration.Timeout);

        /// <summary>The same call for another service (e.g. the name resolver next to a TAP search).</summary>
        public CadcCall WithService(string? service) => new CadcCall(Context, _log.Inner, Cancel, _givenRegistry, service, GivenTimeout) { _registry = _registry };

        /// <summary>The same call under another token (a sub-operation with a deadline of its own).</summary>
        public CadcCall WithCancel(CancellationToken cancel) => new CadcCall(Context, _log.Inner, cancel, _givenRegistry, Service, GivenTimeout) { _registry = _registry };

        /// <summary>The call whose log <paramref name="log"/> is; null for a bare log (a request sent outside any call).</summary>
        internal static CadcCall? Of(ICadcLog log) => (log as CallLog)?.Call;

        /// <summary>The cache key of <paramref name="service"/> as this call addresses it: a URL alone, an ivo:// id with its registry.</summary>
        public string KeyOf(string service)
            => global::Cadc.Core.Registry.ServiceResolver.IsDirectUrl(service, out var url) ? url.AbsoluteUri : Registry.AbsoluteUri + " " + service;

        /// <summary>A call's log: the command's own, and the call it belongs to.</summary>
        private sealed class CallLog : ICadcLog
        {
            public CallLog(CadcCall call, ICadcLog inner)
            {
                Call = call;
                Inner = inner;
            }

            public CadcCall Call { get; }
            public ICadcLog Inner { get; }

            public void Verbose(string message) => Inner.Verbose(message);
            public void Debug(string message) => Inner.Debug(message);
            public void Warning(string message) => Inner.Warning(message);
        }
    }
}
