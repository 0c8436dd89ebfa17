using Cadc.Core.Adql;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using Xunit;

namespace Cadc.Core.Tests.Adql
{
    public sealed class AdqlTerminatorTests
    {
        [Theory]
        [InlineData("SELECT 1;", "SELECT 1", true)]
        [InlineData("  SELECT 1 ; ;\n", "SELECT 1", true)]
        [InlineData("SELECT 'a;b' FROM t", "SELECT 'a;b' FROM t", false)]
        [InlineData("SELECT 1 FROM t WHERE x = ';'", "SELECT 1 FROM t WHERE x = ';'", false)]
        [InlineData(" SELECT 1 ", "SELECT 1", false)]
        public void StripsOnlyTheTrailingSemicolons(string given, string sent, bool stripped)
        {
            var q = new TapQuery(given);
            Assert.Equal(sent, q.Adql);
            Assert.Equal(stripped, q.StrippedTerminator);
        }

        [Fact]
        public void OnlySemicolons_IsAnEmptyQuery()
            => Assert.Equal(ErrorIds.EmptyQuery, Assert.Throws<CadcException>(() => new TapQuery(";;")).ErrorId);
    }
}
