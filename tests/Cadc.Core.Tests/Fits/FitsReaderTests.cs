using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Cadc.Core.Fits;
using Xunit;

namespace Cadc.Core.Tests.Fits
{
    public sealed class FitsReaderTests
    {
        private const string Cutout = "astroquery/astroquery/cadc/tests/data/query_images.fits"; // a real CADC SODA cutout

        [Fact]
        public void ARealCadcCutout_ReadsAsAstropyReadsIt()
        {
            using var s = File.OpenRead(Fixtures.PathOf(Cutout));
            var hdus = FitsReader.ReadHeaders(s).ToList();
            var h = Assert.Single(hdus);
            Assert.Equal(359, h.Cards.Count);   // astropy: len(header) == 359
            Assert.Equal(16L, h["BITPIX"]);
            Assert.Equal(101L, h["NAXIS1"]);
            Assert.Equal("SA 110", h["OBJECT"]);
            Assert.Equal(2.046, h["EXPTIME"]);
            Assert.Equal("2005-07-31", h["DATE-OBS"]);
            Assert.Equal("Measured integration time (seconds)", h.Cards.First(c => c.Keyword == "EXPTIME").Comment);
            Assert.Equal(101L * 101 * 2, h.DataBytes);
            Assert.Equal(82, h.Cards.Count(c => c.Keyword is "COMMENT" or "HISTORY" or ""));
        }

        [Fact]
        public void GzippedFits_ReadsTheSame()
        {
            var bytes = File.ReadAllBytes(Fixtures.PathOf(Cutout));
            var gz = new MemoryStream();
            using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) z.Write(bytes);
            gz.Position = 0;
            var h = Assert.Single(FitsReader.ReadHeaders(gz).ToList());
            Assert.Equal("SA 110", h["OBJECT"]);
        }

        [Fact]
        public void MultipleHdus_AreEachRead_SkippingTheData()
        {
            var file = new MemoryStream();
            WriteHdu(file, "SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0", "EXTEND  =                    T");
            WriteHdu(file, "XTENSION= 'IMAGE   '", "BITPIX  =                  -32", "NAXIS   =                    2", "NAXIS1  =                   10", "NAXIS2  =                    3", "PCOUNT  =                    0", "GCOUNT  =                    1", "EXTNAME = 'SCI'");
            file.Write(new byte[2880]); // 10*3*4 = 120 bytes of data, padded
            WriteHdu(file, "XTENSION= 'BINTABLE'", "BITPIX  =                    8", "NAXIS   =                    2", "NAXIS1  =                    4", "NAXIS2  =                    0", "PCOUNT  =                    0", "GCOUNT  =                    1", "EXTNAME = 'TAB'");
            file.Position = 0;
            var hdus = FitsReader.ReadHeaders(file).ToList();
            Assert.Equal(3, hdus.Count);
            Assert.Equal(120L, hdus[1].DataBytes);
            Assert.Equal("SCI", hdus[1]["EXTNAME"]);
            Assert.Equal("TAB", hdus[2]["EXTNAME"]);
        }

        [Fact]
        public void LongStrings_Hierarch_AndQuotes()
        {
            var h = FitsReader.ReadHeaderText(string.Join("\n",
                "SIMPLE  =                    T",
                "LONGSTR = 'This is a long string value that is continued on &'  / first part",
                "CONTINUE  'the next card, and ends here.'",
                "HIERARCH ESO DET CHIP NAME = 'CCD-44' / chip",
                "QUOTE   = 'O''Brien'",
                "DVAL    =             1.5D+02",
                "NOVALUE =",
                "HISTORY  reduced with care",
                "END"));
            Assert.Equal("This is a long string value that is continued on the next card, and ends here.", h["LONGSTR"]);
            Assert.Equal("CCD-44", h["ESO DET CHIP NAME"]);
            Assert.Equal("O'Brien", h["QUOTE"]);
            Assert.Equal(150.0, h["DVAL"]);
            Assert.Null(h["NOVALUE"]);
            Assert.Equal("reduced with care", h["HISTORY"]);
            Assert.Equal(true, h["SIMPLE"]);
        }

        [Theory]
        [InlineData("dal/cadc-data-ops-fits/src/test/resources/test-megapipe-header.txt")]
        [InlineData("dal/cadc-data-ops-fits/src/test/resources/test-alma-cube-header.txt")]
        [InlineData("dal/cadc-data-ops-fits/src/test/resources/test-vlass-cube-header.txt")]
        [InlineData("cadctools/cadcdata/cadcdata/intTests/data/I429B4H0.fits.txt")]
        public void RealHeaderDumps_Parse(string file)
        {
            var h = FitsReader.ReadHeaderText(File.ReadAllText(Fixtures.PathOf(file)));
            Assert.Equal(true, h["SIMPLE"]);
            Assert.IsType<long>(h["BITPIX"]);
            Assert.IsType<long>(h["NAXIS"]);
            Assert.True(h.Cards.Count > 10);
        }

        [Fact]
        public void NotFits_AndTruncated_AreFormatErrors()
        {
            Assert.Throws<FormatException>(() => FitsReader.ReadHeaders(new MemoryStream(Encoding.ASCII.GetBytes(new string(' ', 3000)))).ToList());
            var bytes = File.ReadAllBytes(Fixtures.PathOf(Cutout));
            Assert.Throws<FormatException>(() => FitsReader.ReadHeaders(new MemoryStream(bytes, 0, 2880 * 2)).ToList());
        }

        [Theory]
        [InlineData("NAXIS   =          99999999999", "NAXIS")]
        [InlineData("NAXIS   =                   -1", "NAXIS")]
        [InlineData("BITPIX  =                    7", "BITPIX")]
        [InlineData("NAXIS1  =          -5", "negative")]
        [InlineData("NAXIS1  = 4611686018427387904", "overflows")]
        public void HeaderValuesOutsideTheStandardsBounds_AreFormatErrors_AtOnce(string card, string named)
        {
            // A hostile header used to make the reader loop over 10^11 axes (Get-CadcFitsHeader never returned).
            using var s = new MemoryStream();
            var cards = new System.Collections.Generic.List<string> { "SIMPLE  =                    T", "BITPIX  =                   16", "NAXIS   =                    2", "NAXIS1  =                   10", "NAXIS2  = 4611686018427387904" };
            var key = card.Substring(0, 8);
            var at = cards.FindIndex(c => c.StartsWith(key, StringComparison.Ordinal));
            if (at >= 0) cards[at] = card; else cards.Add(card);
            WriteHdu(s, cards.ToArray());
            s.Position = 0;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var ex = Assert.Throws<FormatException>(() => FitsReader.ReadHeaders(s).ToList());
            Assert.Contains(named, ex.Message, StringComparison.Ordinal);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "took " + watch.Elapsed);
        }

        [Fact]
        public void AHeaderWithoutEnd_StopsAtTheCap_InsteadOfFillingMemory()
        {
            var blocks = FitsReader.MaxHeaderCards / 36 + 2;
            var header = new byte[blocks * 2880];
            Encoding.ASCII.GetBytes("SIMPLE  =                    T".PadRight(80)).CopyTo(header, 0);
            for (var i = 80; i < header.Length; i++) header[i] = (byte)' ';
            var ex = Assert.Throws<FormatException>(() => FitsReader.ReadHeaders(new MemoryStream(header)).ToList());
            Assert.Contains("no END", ex.Message, StringComparison.Ordinal);
        }

        private static void WriteHdu(Stream s, params string[] cards)
        {
            var text = string.Concat(cards.Select(c => c.PadRight(80))) + "END".PadRight(80);
            var block = Encoding.ASCII.GetBytes(text.PadRight((text.Length + 2879) / 2880 * 2880));
            s.Write(block);
        }
    }
}
