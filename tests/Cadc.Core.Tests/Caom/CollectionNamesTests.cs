using Cadc.Core.Caom;
using Xunit;

namespace Cadc.Core.Tests.Caom
{
    public sealed class CollectionNamesTests
    {
        private static readonly string[] Known = { "CFHT", "CFHTMEGAPIPE", "DAO", "GEMINI", "JCMT", "MOST" };

        [Fact]
        public void SendsTheArchiveSpelling_WhateverTheCase()
        {
            var m = CollectionNames.Match(new[] { "cfht", "Jcmt", "CFHT" }, Known);
            Assert.Equal(new[] { "CFHT", "JCMT" }, m.Names);
            Assert.Equal(2, m.Respelled.Count);
            Assert.Empty(m.Unknown);
        }

        [Theory]
        [InlineData("CHFT", "did you mean CFHT?")]   // two letters swapped: one edit
        [InlineData("gemni", "did you mean GEMINI?")]
        [InlineData("DA0", "did you mean DAO?")]
        public void SuggestsTheNearest_ForATypo(string typed, string expected)
        {
            var m = CollectionNames.Match(new[] { typed }, Known);
            Assert.Equal(new[] { typed }, m.Names);
            Assert.Contains(expected, Assert.Single(m.Unknown));
        }

        [Fact]
        public void SuggestsNothing_ForANameNearNone()
        {
            var m = CollectionNames.Match(new[] { "HST" }, Known);
            Assert.DoesNotContain("did you mean", Assert.Single(m.Unknown));
        }
    }
}
