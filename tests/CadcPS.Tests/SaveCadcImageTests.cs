using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Save-CadcImage against the sandbox: whole files and SODA cutouts of Nr3491_1's planes.</summary>
    public sealed class SaveCadcImageTests : IDisposable
    {
        private const string Planes = "Search-CadcRegion '131.28125 54.3' -Collection CFHT";
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-img-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private Dictionary<string, object?> Vars => new Dictionary<string, object?> { ["d"] = _dir };


        [Fact]
        public void WholeFiles_AreSaved_AndTheProprietaryOneFailsAlone()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run(Planes + " | Save-CadcImage -Path $d -PassThru", Vars);
            Assert.Equal(3, r.Output.Count);
            Assert.All(r.Output, o => Assert.Equal(60480, ((FileInfo)o.BaseObject).Length));
            // as the FileSystem provider gives files (its default view needs PSParentPath, and UnixStat on Unix)
            Assert.All(r.Output, o => Assert.Equal(@"Microsoft.PowerShell.Core\FileSystem::" + _dir, RunResult.Value(o, "PSParentPath")));
            var error = r.SingleError();
            Assert.Equal("NotAuthenticated,CadcPS.Commands.SaveCadcImageCommand", error.FullyQualifiedErrorId);
            Assert.Equal("ivo://cadc.nrc.ca/CFHT?2376545/2376545p", error.TargetObject);
            Assert.Equal(3, Directory.GetFiles(_dir).Length);
            Assert.Empty(Directory.GetFiles(_dir, "*.part"));
        }

        [Fact]
        public void Cutouts_AreValidFits_OfTheRequestedSize()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run(Planes + " | Save-CadcImage -Path $d -Coordinates '131.28125 54.3' -Radius 1arcmin -PassThru -ErrorAction SilentlyContinue", Vars);
            Assert.Equal(3, r.Output.Count);
            var naxis = e.Run("Get-CadcFitsHeader \"$d/*__cutout.fits\" -Keyword NAXIS1, NAXIS2", Vars).AssertNoErrors();
            Assert.Equal(6, naxis.Output.Count);
            // a 1 arcmin radius on the sandbox's pixel scale: far smaller than the 60480-byte whole files
            Assert.All(naxis.Output, o => Assert.InRange((long)RunResult.Value(o, "Value")!, 2L, 100L));
            Assert.All(r.Output, o => Assert.True(((FileInfo)o.BaseObject).Length < 60480));
            // the files returned carry their FITS keywords
            Assert.All(r.Output, o => Assert.Equal(2L, RunResult.Value(o, "NAXIS")));
            Assert.All(r.Output, o => Assert.IsType<long>(RunResult.Value(o, "BITPIX")));
        }

        [Fact]
        public void UrlOnly_GivesCutoutUrls_AndWritesNothing()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run(Planes + " | Save-CadcImage -Path $d -Coordinates Nr3491_1 -Radius 30arcsec -UrlOnly", Vars).AssertNoErrors();
            Assert.Equal(4, r.Output.Count);
            Assert.All(r.Output, o => Assert.Contains("POS=CIRCLE%20131.28125%2054.3%200.008333333333333333", o.ToString()));
            Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
        }

        [Fact]
        public void PipedCoordinates_CutEachPlaneAroundItsOwnPosition()
        {
            using var e = Engine.ForSandbox();
            // Two planes far apart on the sky, and a third cutout of the first plane around another position,
            // with its own radius: three files, the plane cut twice numbered rather than overwritten.
            const string script = @"
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'; Coordinates = '131.28125 54.3' },
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?1000000/1000000o'; Coordinates = '352.768 5.4886' },
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'; Coordinates = '131.3 54.31'; Radius = '2arcmin' },
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?1000000/1000000o'; Coordinates = '352.768 5.4886' } |
                    Save-CadcImage -Path $d {0}";
            var urls = e.Run(script.Replace("{0}", "-UrlOnly"), Vars).AssertNoErrors().Output.Select(o => o.ToString()).ToList();
            Assert.Equal(new[]
            {
                "POS=CIRCLE%20131.28125%2054.3%200.016666666666666666",
                "POS=CIRCLE%20352.768%205.4886%200.016666666666666666",
                "POS=CIRCLE%20131.3%2054.31%200.03333333333333333",
            }, urls.Select(u => u.Substring(u.IndexOf("POS=", StringComparison.Ordinal))));

            var files = e.Run(script.Replace("{0}", "-PassThru"), Vars).AssertNoErrors().Output.Select(o => (FileInfo)o.BaseObject).ToList();
            Assert.Equal(new[] { "1000000o__cutout.fits", "2376543o__cutout-1.fits", "2376543o__cutout-2.fits" }, files.Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal));
            var naxis1 = e.Run("Get-CadcFitsHeader \"$d/*__cutout*.fits\" -Keyword NAXIS1 | ForEach-Object { [IO.Path]::GetFileName($_.Path) + '=' + $_.Value }", Vars).AssertNoErrors()
                .Output.Select(o => o.ToString()).ToDictionary(s => s.Split('=')[0], s => long.Parse(s.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
            // the 2 arcmin cutout is about twice as wide as the 1 arcmin ones
            Assert.InRange(naxis1["2376543o__cutout-2.fits"], 2 * naxis1["2376543o__cutout-1.fits"] - 2, 2 * naxis1["2376543o__cutout-1.fits"] + 2);

            // -Coordinates on the command line wins over the objects' own, as for any PowerShell parameter;
            // the third object keeps its own radius, so its plane is still cut twice
            var fixedUrls = e.Run(script.Replace("{0}", "-UrlOnly -Coordinates '10 20'"), Vars).AssertNoErrors().Output;
            Assert.Equal(3, fixedUrls.Count);
            Assert.All(fixedUrls, o => Assert.Contains("POS=CIRCLE%2010%2020%20", o.ToString()));
        }

        [Fact]
        public void PlanesWithTheSameProductId_GetOneFileEach()
        {
            using var e = Engine.ForSandbox();
            // IRIS calls every product reduced-0: the observation ID keeps the cutouts apart; a unique name stays short.
            var r = e.Run(@"
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/IRIS?I100B4H0/reduced-0'; Coordinates = '254.6508 9.6021' },
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/IRIS?I111B2H0/reduced-0'; Coordinates = '284.2066 -16.3777' },
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'; Coordinates = '131.28125 54.3' } |
                    Save-CadcImage -Radius 0.2 -Path $d -PassThru", Vars).AssertNoErrors();
            Assert.Equal(new[] { "2376543o__cutout.fits", "I100B4H0__reduced-0__cutout.fits", "I111B2H0__reduced-0__cutout.fits" },
                r.Output.Select(o => ((FileInfo)o.BaseObject).Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(3, Directory.GetFiles(_dir).Length);
            Assert.All(r.Output, o => Assert.Equal(2L, RunResult.Value(o, "NAXIS")));
        }

        [Fact]
        public void PipedCoordinates_ABadValueIsReportedOnce_AndTheOthersProceed()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run(@"
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'; Coordinates = '400 10' },
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543p'; Coordinates = '400 10' },
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?1000000/1000000o'; Coordinates = '352.768 5.4886' },
                'ivo://cadc.nrc.ca/CFHT?2376544/2376544o' |
                    Save-CadcImage -UrlOnly", Vars);
            Assert.StartsWith("InvalidCoordinates,", r.SingleError().FullyQualifiedErrorId);
            // the good cutout, and the plain ID as a whole file through DataLink
            Assert.Equal(2, r.Output.Count);
            Assert.Contains(r.Output, o => o.ToString()!.Contains("POS=CIRCLE%20352.768%205.4886%20"));
            Assert.Contains(r.Output, o => o.ToString()!.EndsWith("/2376544__2376544o.fits", StringComparison.Ordinal));
        }

        [Fact]
        public void WhatIf_WritesNothing()
        {
            using var e = Engine.ForSandbox();
            e.Run(Planes + " | Save-CadcImage -Path $d -WhatIf", Vars).AssertNoErrors();
            Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
        }

        [Fact]
        public void AnIdenticalFile_IsSkipped_AndAPartFileResumes()
        {
            using var e = Engine.ForSandbox();
            const string one = "'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'";
            var first = e.Run(one + " | Save-CadcImage -Path $d -PassThru", Vars).AssertNoErrors();
            var file = (FileInfo)Assert.Single(first.Output).BaseObject;
            var bytes = File.ReadAllBytes(file.FullName);
            var again = e.Run(one + " | Save-CadcImage -Path $d -Verbose", Vars).AssertNoErrors();
            Assert.Contains(again.Verbose, v => v.Contains("skipped"));
            // a killed download leaves a .part: the next run continues it
            File.Delete(file.FullName);
            File.WriteAllBytes(file.FullName + ".part", bytes.Take(20000).ToArray());
            var resumed = e.Run(one + " | Save-CadcImage -Path $d -Verbose", Vars).AssertNoErrors();
            Assert.Contains(resumed.Verbose, v => v.Contains("Resuming") && v.Contains("20,000"));
            Assert.Equal(bytes, File.ReadAllBytes(file.FullName));
            Assert.False(File.Exists(file.FullName + ".part"));
        }

        [Fact]
        public void APathThatIsAFile_IsRefused()
        {
            using var e = Engine.ForSandbox();
            var f = Path.Combine(_dir, "afile");
            File.WriteAllText(f, "x");
            var error = e.Run("'ivo://cadc.nrc.ca/CFHT?2376543/2376543o' | Save-CadcImage -Path $p", new Dictionary<string, object?> { ["p"] = f }).SingleError();
            Assert.StartsWith("OutFileNotWritable,", error.FullyQualifiedErrorId);
        }
    }
}
