using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Astro;
using Cadc.Core.Download;
using Cadc.Core.Tests.Reliability;
using Xunit;

namespace Cadc.Core.Tests.Download
{
    /// <summary>Names a server chooses (Content-Disposition, the URL), and the names of cutouts.</summary>
    [Collection(FaultMatrix.Name)]
    public sealed class FileNameTests : IDisposable
    {
        private static readonly Uri Url = new Uri("http://example.org/f");
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-names-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Theory]
        [InlineData("good.fits%3Aevil", "good.fits_evil")]         // decoded before the check, not after
        [InlineData("a%2F..%2F..%2Fb.fits", "a_.._.._b.fits")]
        [InlineData("\u001b[31mred\u001b[0m.fits", "red.fits")]   // terminal escapes removed whole
        [InlineData("%1B%5D0%3Btitle%07x.fits", "x.fits")]          // an OSC (window title), percent-encoded
        [InlineData("a\u0007b\u0085c.fits", "a_b_c.fits")]          // C0 and C1 controls
        [InlineData("evil\u202Estif.exe", "evil_stif.exe")]         // a right-to-left override disguises the extension
        [InlineData(".bashrc", "_bashrc")]
        [InlineData("..ssh", "_ssh")]
        [InlineData("%2Eprofile", "_profile")]
        [InlineData("CON", "_CON")]
        [InlineData("nul.tar.gz", "_nul.tar.gz")]
        [InlineData("COM1.fits", "_COM1.fits")]
        [InlineData("lpt9", "_lpt9")]
        [InlineData("Aux .txt", "_Aux .txt")]
        [InlineData("CONSOLE.fits", "CONSOLE.fits")]
        [InlineData("x.fits.", "x.fits")]                              // Windows would drop the dot: one file with x.fits
        [InlineData("x.fits.part", "x.fits.part_")]                    // never the name of another file's download in progress
        public void AServersName_IsMadeSafe(string name, string expected)
            => Assert.Equal(expected, FileDownloader.SafeName(name, Url));

        [Theory]
        [InlineData("a", ".fits.gz")]
        [InlineData("\u00e9", ".fits")]         // 2 bytes each in UTF-8
        [InlineData("\U0001F52D", ".fits")]     // a surrogate pair, 4 bytes
        public void ANameTooLongForItsPart_KeepsItsExtension_AndAStableHash(string unit, string extension)
        {
            var name = string.Concat(Enumerable.Repeat(unit, 300)) + extension;
            var safe = FileDownloader.SafeName(name, Url);
            Assert.InRange(Encoding.UTF8.GetByteCount(safe + ".part"), 200, 255);
            Assert.EndsWith(extension, safe, StringComparison.Ordinal);
            Assert.Matches("~[0-9a-f]{8}" + System.Text.RegularExpressions.Regex.Escape(extension) + "$", safe);
            Assert.Equal(safe, FileDownloader.SafeName(name, Url));
            Assert.NotEqual(safe, FileDownloader.SafeName(name.Substring(1), Url));
            Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(safe)));
            // and the file system takes it, .part included
            File.WriteAllText(Path.Combine(_dir, safe + ".part"), "x");
        }

        [Fact]
        public async Task ADotFileFromContentDisposition_IsNeverCreated()
        {
            var body = Encoding.ASCII.GetBytes("export EVIL=1\n");
            using var server = new RawHttpServer((_, c) => c.SendAsync(Encoding.ASCII.GetBytes(RawHttpServer.Head(200,
                "Content-Disposition: attachment; filename=\".bashrc\"", "Content-Length: " + body.Length)).Concat(body).ToArray()));
            var result = await FaultKit.Within(() => FileDownloader.DownloadAsync(server.Url("x"), _dir, null, null, false, null,
                new CadcCall(FaultKit.Context(maxAttempts: 1), NullLog.Instance, CancellationToken.None)));
            Assert.Equal(new[] { "_bashrc" }, FaultKit.Files(_dir));
            Assert.Equal(Path.Combine(_dir, "_bashrc"), result.Path);
        }

        private static readonly Uri Service = new Uri("http://example.org/datalink");

        private static string Cutout(string id, double ra, double dec, double radius)
            => SavePlan.CutoutName(id, new SkyPosition(ra, dec), radius, string.Join(" ", "CIRCLE", ra.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                dec.ToString("R", System.Globalization.CultureInfo.InvariantCulture), radius.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), Service);

        [Fact]
        public void ACutoutName_IsReadable_AndTheSameForTheSamePlaneAndCircle()
        {
            var name = Cutout("ivo://cadc.nrc.ca/CFHT?2376543/2376543o", 131.28125, 54.3, 1 / 60.0);
            Assert.Matches(@"^2376543o__cutout_131\.28125\+54\.3_r60arcsec_[0-9a-f]{8}\.fits$", name);
            Assert.Equal(name, Cutout("ivo://cadc.nrc.ca/CFHT?2376543/2376543o", 131.28125, 54.3, 1 / 60.0));
            Assert.Matches(@"^x__cutout_10-5\.5_r1\.5arcsec_[0-9a-f]{8}\.fits$", Cutout("ivo://cadc.nrc.ca/C?o/x", 10, -5.5, 1.5 / 3600));
        }

        [Fact]
        public void PlanesWithOneProductId_OrOnePlaneAtTwoCircles_GetDifferentNames()
        {
            var names = new[]
            {
                Cutout("ivo://cadc.nrc.ca/IRIS?I100B4H0/reduced-0", 10, 20, 0.2),
                Cutout("ivo://cadc.nrc.ca/IRIS?I111B2H0/reduced-0", 10, 20, 0.2),     // another observation
                Cutout("ivo://cadc.nrc.ca/HST?I100B4H0/reduced-0", 10, 20, 0.2),      // another collection
                Cutout("ivo://cadc.nrc.ca/IRIS?I100B4H0/REDUCED-0", 10, 20, 0.2),     // differs only in case
                Cutout("ivo://cadc.nrc.ca/IRIS?I100B4H0/reduced-0", 10, 20.000001, 0.2),  // rounds to the same text
                Cutout("ivo://cadc.nrc.ca/IRIS?I100B4H0/reduced-0", 10, 20, 0.3),
            };
            Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(names, n => Assert.StartsWith("reduced-0__cutout_", n, StringComparison.OrdinalIgnoreCase));
        }
    }
}
