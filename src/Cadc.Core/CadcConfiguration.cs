using System;
using Cadc.Core.Errors;

namespace Cadc.Core
{
    /// <summary>Where the services are and how long to wait for them. One per <see cref="CadcContext"/>.</summary>
    public sealed class CadcConfiguration
    {
        private Uri _registryUrl;

        public CadcConfiguration()
        {
            _registryUrl = DefaultRegistryUrl();
        }

        /// <summary>$CADC_REGISTRY_URL when set, else CADC's registry.</summary>
        public static Uri DefaultRegistryUrl()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(CadcDefaults.RegistryEnvironmentVariable);
            return ParseRegistryUrl(string.IsNullOrWhiteSpace(fromEnvironment) ? CadcDefaults.RegistryUrl : fromEnvironment!);
        }

        /// <summary>The resource-caps document that maps ivo:// ids to capabilities URLs.</summary>
        public Uri RegistryUrl
        {
            get => _registryUrl;
            set => _registryUrl = value ?? throw new ArgumentNullException(nameof(value));
        }

        public string TapService { get; set; } = CadcDefaults.TapService;
        public string DataLinkService { get; set; } = CadcDefaults.DataLinkService;
        public string LoginService { get; set; } = CadcDefaults.LoginService;
        public string ResolverService { get; set; } = CadcDefaults.ResolverService;

        /// <summary>Time to wait for response headers, and for each read of a body.</summary>
        public TimeSpan Timeout { get; set; } = CadcDefaults.Timeout;

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
