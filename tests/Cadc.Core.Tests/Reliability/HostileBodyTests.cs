using System;
using System.Diagnostics;
using System.Linq;
using Cadc.Core.Http;
using Cadc.Core.Tap;
using Xunit;

namespace Cadc.Core.Tests.Reliability
{
    /// <summary>Error bodies built to make a parser backtrack are read with bounded work (the 64 KB the client reads).</summary>
    public sealed class HostileBodyTests
    {
        private static readonly string Unclosed = string.Concat(Enumerable.Repeat("<INFO name=\"QUERY_STATUS\" ", 64 * 1024 / 27));

        [Fact]
        public void RepeatedUnclosedInfos_AreReadAtOnce()
        {
            // 91 s at 32 KB with the old regular expressions.
            var watch = Stopwatch.StartNew();
            Assert.Null(TapService.QueryStatusError(Unclosed));
            var said = HttpErrors.ServerMessage(Unclosed, "text/plain");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), "took " + watch.Elapsed);
            Assert.NotNull(said);
            Assert.True(said!.Length <= 501);
        }

        [Fact]
        public void AnHtmlPageBuiltToBacktrack_IsReadWithinItsLimit()
        {
            var page = "<html><title>x" + string.Concat(Enumerable.Repeat("<script <style <head ", 64 * 1024 / 21));
            var watch = Stopwatch.StartNew();
            var said = HttpErrors.ServerMessage(page, "text/html");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), "took " + watch.Elapsed);
            Assert.NotNull(said);
        }

        [Theory]
        [InlineData("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">no such column</INFO>", "no such column")]
        [InlineData("<info value=\"ERROR\" name=\"QUERY_STATUS\">a &lt; b</info>", "a < b")]
        [InlineData("<INFO name=\"other\" value=\"ERROR\">x</INFO><INFO name=\"QUERY_STATUS\" value=\"ERROR\">\n two\n lines </INFO>", "two lines")]
        [InlineData("<INFO name=\"QUERY_STATUS\" value=\"OK\"/>", null)]
        public void TheQueryStatusMessage_IsFoundAsBefore(string body, string? expected)
            => Assert.Equal(expected, TapService.QueryStatusError(body));
    }
}
