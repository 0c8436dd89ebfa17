using System;
using Cadc.Core.Errors;

namespace Cadc.Core
{
    /// <summary>Where the services are and how long to wait for them. One per <see cref="CadcContext"/>.</summary>
    public sealed class CadcConfiguration
    {
        private Uri? _chosenRegistryUrl;

        /// <summary>$CADC_REGISTRY_URL when set, else CADC's registry. Read at each call, so a script that sets
        /// the variable between commands is heard.</summary>
        /// <exception cref="CadcException">InvalidRegistryUrl, naming the variable.</exception>
        public static Uri DefaultRegistryUrl()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(CadcDefaults.RegistryEnvironmentVariable);
            if (string.IsNullOrWhiteSpace(fromEnvironment)) return new Uri(CadcDefaults.RegistryUrl);
            try
            {
                return ParseRegistryUrl(fromEnvironment!);
            }
            catch (CadcException ex)
            {
                throw new CadcException(ex.ErrorId, ex.Kind, $"The environment variable {CadcDefaults.RegistryEnvironmentVariable} is set to '{fromEnvironment}', which is not a registry URL: expected an absolute http or https URL of a resource-caps document.", fromEnvironment)
                { RecommendedAction = $"Set {CadcDefaults.RegistryEnvironmentVariable} to a resource-caps URL, or remove it to use CADC's registry ({CadcDefaults.RegistryUrl})." };
            }
        }

        /// <summary>
        /// The resource-caps document that maps ivo:// ids to capabilities URLs: the one chosen for this session
        /// (by a login through it) when there is one, else <see cref="DefaultRegistryUrl"/>, read anew each time.
        /// Setting it is choosing it.
        /// </summary>
        public Uri RegistryUrl
        {
            get => _chosenRegistryUrl ?? DefaultRegistryUrl();
            set => _chosenRegistryUrl = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>The registry chosen for this session; null when it follows $CADC_REGISTRY_URL (or CADC's default).</summary>
        public Uri? ChosenRegistryUrl => _chosenRegistryUrl;

        /// <summary>Where <paramref name="registry"/> came from, for advice on an error reading it.</summary>
        public string DescribeRegistrySource(Uri registry)
        {
            if (_chosenRegistryUrl != null && _chosenRegistryUrl == registry) return $"the registry chosen for this session ({Http.UrlText.Redact(registry)})";
            var fromEnvironment = Environment.GetEnvironmentVariable(CadcDefaults.RegistryEnvironmentVariable);
            if (_chosenRegistryUrl is null && !string.IsNullOrWhiteSpace(fromEnvironment) && Uri.TryCreate(fromEnvironment!.Trim(), UriKind.Absolute, out var e) && e == registry)
                return $"the environment variable {CadcDefaults.RegistryEnvironmentVariable} ({Http.UrlText.Redact(registry)})";
            if (registry.AbsoluteUri == CadcDefaults.RegistryUrl) return "CADC's registry";
            return $"the registry given to this command ({Http.UrlText.Redact(registry)})";
        }

        /// <summary>Follow $CADC_REGISTRY_URL (or CADC's default) again.</summary>
        public void ForgetChosenRegistry() => _chosenRegistryUrl = null;

        public string TapService { get; set; } = CadcDefaults.TapService;
        public string DataLinkService { get; set; } = CadcDefaults.DataLinkService;
        public string LoginService { get; set; } = CadcDefaults.LoginService;
        public string ResolverService { get; set; } = CadcDefaults.ResolverService;

        /// <summary>
        /// Time to wait for response headers, and for each read of a body (the idle timeout while an answer streams).
        /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no limit.
        /// </summary>
        public TimeSpan Timeout
        {
            get => _timeout;
            set => _timeout = CheckedTimeout(value, nameof(Timeout));
        }

        /// <summary>
        /// Time a synchronous TAP query may take before its answer starts (the service runs the query first), never
        /// shorter than <see cref="Timeout"/>; once the answer streams, <see cref="Timeout"/> applies between reads.
        /// Default: CADC's executionDuration, 600 s. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no limit.
        /// </summary>
        public TimeSpan QueryTimeout
        {
            get => _queryTimeout;
            set => _queryTimeout = CheckedTimeout(value, nameof(QueryTimeout));
        }

        private TimeSpan _timeout = CadcDefaults.Timeout;
        private TimeSpan _queryTimeout = CadcDefaults.QueryTimeout;

        private static TimeSpan CheckedTimeout(TimeSpan value, string name)
            => value > TimeSpan.Zero || value == System.Threading.Timeout.InfiniteTimeSpan
                ? value
                : throw new ArgumentOutOfRangeException(name, value, "A timeout is positive, or InfiniteTimeSpan for no limit.");

        /// <summary>The longer of two timeouts (InfiniteTimeSpan, no limit, is the longest).</summary>
        internal static TimeSpan Longer(TimeSpan a, TimeSpan b)
            => a == System.Threading.Timeout.InfiniteTimeSpan || b == System.Threading.Timeout.InfiniteTimeSpan ? System.Threading.Timeout.InfiniteTimeSpan : a > b ? a : b;

        /// <summary>
        /// How long the registry and capabilities documents are kept on disk for later sessions and processes
        /// (<see cref="Registry.DocumentCache"/>); <see cref="TimeSpan.Zero"/>: not at all. Default 10 minutes, as cadcutils.
        /// </summary>
        public TimeSpan DocumentCacheLifetime { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>Where those documents are kept (default: the user's cache folder, see <see cref="Registry.DocumentCache.DefaultFolder"/>).</summary>
        public string DocumentCacheFolder { get; set; } = Registry.DocumentCache.DefaultFolder();

        /// <summary>Attempts at most for a request that may be retried (GET, HEAD, TAP sync queries): 503, 504, 408, 429, connect failures.</summary>
        public int MaxAttempts { get; set; } = 6;

        /// <summary>The first back-off delay; it doubles per attempt, with jitter. Retry-After from the service wins (capped at 128 s).</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Sent as User-Agent; the cmdlets fill in the PowerShell version and OS.</summary>
        public string UserAgent { get; set; } = "CadcPS/" + typeof(CadcConfiguration).Assembly.GetName().Version?.ToString(3);

        public static Uri ParseRegistryUrl(string text)
        {
            if (Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
                return url;
            throw new CadcException(ErrorIds.InvalidRegistryUrl, CadcErrorKind.InvalidArgument,
                $"'{text}' is not a registry URL: expected an absolute http or https URL of a resource-caps document.", text)
            { RecommendedAction = $"Use the CADC default ({CadcDefaults.RegistryUrl}) or your deployment's resource-caps URL." };
        }
    }
}
