using System;

namespace Cadc.Core
{
    /// <summary>The values CADC's own clients (astroquery.cadc, cadcutils) use.</summary>
    public static class CadcDefaults
    {
        public const string RegistryUrl = "https://ws.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/reg/resource-caps";
        public const string TapService = "ivo://cadc.nrc.ca/argus";
        public const string DataLinkService = "ivo://cadc.nrc.ca/caom2ops";
        public const string LoginService = "ivo://cadc.nrc.ca/gms";
        public const string ResolverService = "ivo://cadc.nrc.ca/resolver";
        public const string RegistryEnvironmentVariable = "CADC_REGISTRY_URL";
        /// <summary>How long a request may wait for the service to answer, or for more of an answer (the idle timeout).</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        /// <summary>How long a synchronous TAP query may run before its answer starts: CADC's executionDuration
        /// (argus's capabilities: 600 s). pyvo waits without limit.</summary>
        public static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(600);
    }
}
