using System.IO;
using System.Linq;
using System.Text;
using Cadc.Core.Astro;
using Cadc.Core.Errors;
using Cadc.Core.Fits;
using Xunit;

namespace Cadc.Core.Tests.Reliability
{
    /// <summary>Values a broken or hostile server sends that parse as numbers or cards but are not: typed errors or sensible reads.</summary>
    public sealed class HostileValueTests
    {
        [Theory]
        [InlineData("ra=NaN\ndec=41.2\n")]
        [InlineData("ra=10.7\ndec=NaN\n")]
        [InlineData("ra=Infinity\ndec=41.2\n")]
        [InlineData("ra=10.7\ndec=-Infinity\n")]
        public void AResolverPositionThatIsNotANumber_IsInvalidResponse(string answer)
        {
            var error = Assert.Throws<CadcException>(() => TargetResolver.Parse("M31", answer));
            Assert.Equal(ErrorIds.InvalidResponse, error.ErrorId);
        }

        [Theory]
        [InlineData("HIERARCH= 5", "HIERARCH", 5L)]
        [InlineData("HIERARCH = 5", "HIERARCH", 5L)]
        [InlineData("HIERARCH ESO DET CHIP = 'CCD-1'", "ESO DET CHIP", "CCD-1")]
        public void AHierarchCardWithoutAName_ReadsAsAnOrdinaryCard(string card, string keyword, object value)
        {
            var hdu = Assert.Single(FitsReader.ReadHeaders(Header("SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0", card)).ToList());
            var read = Assert.Single(hdu.Cards, c => c.Keyword == keyword);
            Assert.Equal(value, read.Value);
        }

        private static MemoryStream Header(params string[] cards)
        {
            var text = new StringBuilder();
            foreach (var c in cards.Append("END")) text.Append(c.PadRight(80));
            while (text.Length % 2880 != 0) text.Append(' ');
            return new MemoryStream(Encoding.ASCII.GetBytes(text.ToString()));
        }
    }
}
