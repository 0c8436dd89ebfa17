using System;
using System.Net.Http;

namespace CadcPS.Tests.Infrastructure
{
    /// <summary>The project's CADC sandbox (tests/sandbox): DaCHS on 8089, the loopback registry on 8090.</summary>
    internal static class Sandbox
    {
        public static readonly string RegistryUrl =
            Environment.GetEnvironmentVariable("CADC_REGISTRY_URL") is { Length: > 0 } r ? r : "http://127.0.0.1:8090/reg/resource-caps";

        public const string TapUrl = "http://127.0.0.1:8089/tap";

        private static readonly Lazy<string?> Problem = new Lazy<string?>(Check);

        /// <summary>Fails the calling test with the way to fix it when the sandbox is not running.</summary>
        public static void Require()
        {
            if (Problem.Value != null) throw new InvalidOperationException(Problem.Value);
        }

        private static string? Check()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var url in new[] { RegistryUrl, TapUrl + "/availability" })
            {
                try
                {
                    using var response = http.GetAsync(url).GetAwaiter().GetResult();
                    if (!response.IsSuccessStatusCode) return $"The CADC sandbox answers {(int)response.StatusCode} at {url}. Start it: bash tests/sandbox/setup.sh";
                }
                catch (Exception ex)
                {
                    return $"The CADC sandbox is not reachable at {url} ({ex.Message}). Start it: bash tests/sandbox/setup.sh";
                }
            }
            return null;
        }
    }
}
