using Cadc.Core.Tap;
using Xunit;

namespace Cadc.Core.Tests.Tap
{
    public sealed class TapBaseUrlTests
    {
        [Theory]
        [InlineData("https://ws.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/argus/sync", "https://ws.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/argus", "sync")]
        [InlineData("http://127.0.0.1:8089/tap/async/", "http://127.0.0.1:8089/tap", "async")]
        [InlineData("https://example.org/tap/SYNC", "https://example.org/tap", "SYNC")]
        public void TheEndpointsParent_IsTheBase(string given, string expected, string endpoint)
        {
            Assert.Equal(expected, TapBaseUrl.FromEndpoint(given, out var removed));
            Assert.Equal(endpoint, removed);
        }

        [Theory]
        [InlineData("https://example.org/tap")]
        [InlineData("https://example.org/sync")]            // no parent path to be the service
        [InlineData("https://example.org/tap/synchronous")]
        [InlineData("https://example.org/tap/sync?lang=adql")]
        [InlineData("ivo://cadc.nrc.ca/argus")]
        [InlineData(null)]
        public void OtherwiseNothing(string? given) => Assert.Null(TapBaseUrl.FromEndpoint(given, out _));
    }
}
