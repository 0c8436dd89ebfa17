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
            var naxis = e.Run("Get-CadcFitsHeader \"$d/*__cutout_*.fits\" -Keyword NAXIS1, NAXIS2", Vars).AssertNoErrors();
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
            // one file per plane and circle, each named by its plane, centre and radius: the plane cut twice is never overwritten
            Assert.Equal(3, files.Select(f => f.Name).Distinct().Count());
            Assert.Single(files, f => f.Name.StartsWith("1000000o__cutout_352.768+5.4886_r60arcsec_", StringComparison.Ordinal));
            var small = Assert.Single(files, f => f.Name.StartsWith("2376543o__cutout_131.28125+54.3_r60arcsec_", StringComparison.Ordinal)).Name;
            var large = Assert.Single(files, f => f.Name.StartsWith("2376543o__cutout_131.3+54.31_r120arcsec_", StringComparison.Ordinal)).Name;
            var naxis1 = e.Run("Get-CadcFitsHeader \"$d/*__cutout_*.fits\" -Keyword NAXIS1 | ForEach-Object { [IO.Path]::GetFileName($_.Path) + '=' + $_.Value }", Vars).AssertNoErrors()
                .Output.Select(o => o.ToString()).ToDictionary(s => s.Split('=')[0], s => long.Parse(s.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
            // the 2 arcmin cutout is about twice as wide as the 1 arcmin ones
            Assert.InRange(naxis1[large], 2 * naxis1[small] - 2, 2 * naxis1[small] + 2);

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
            // IRIS calls every product reduced-0: the hash of the full plane ID keeps the cutouts apart.
            var r = e.Run(@"
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/IRIS?I100B4H0/reduced-0'; Coordinates = '254.6508 9.6021' },
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/IRIS?I111B2H0/reduced-0'; Coordinates = '284.2066 -16.3777' },
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'; Coordinates = '131.28125 54.3' } |
                    Save-CadcImage -Radius 0.2 -Path $d -PassThru", Vars).AssertNoErrors();
            var names = r.Output.Select(o => ((FileInfo)o.BaseObject).Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
            Assert.Equal(3, names.Distinct().Count());
            Assert.Matches(@"^2376543o__cutout_131\.28125\+54\.3_r720arcsec_[0-9a-f]{8}\.fits$", names[0]);
            Assert.Matches(@"^reduced-0__cutout_254\.6508\+9\.6021_r720arcsec_[0-9a-f]{8}\.fits$", names[1]);
            Assert.Matches(@"^reduced-0__cutout_284\.2066-16\.3777_r720arcsec_[0-9a-f]{8}\.fits$", names[2]);
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
        public void ACutout_HasOneNamePerPlaneAndCircle_WhateverElseTheCallCut()
        {
            using var e = Engine.ForSandbox();
            const string plane = "'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'";
            // two calls, two centres: two files (the old names were the product ID alone, so the second replaced the first)
            var first = e.Run(plane + " | Save-CadcImage -Path $d -Coordinates '131.28125 54.3' -Radius 1arcmin -PassThru", Vars).AssertNoErrors();
            var second = e.Run(plane + " | Save-CadcImage -Path $d -Coordinates '131.3 54.31' -Radius 1arcmin -PassThru", Vars).AssertNoErrors();
            var a = ((FileInfo)Assert.Single(first.Output).BaseObject).Name;
            var b = ((FileInfo)Assert.Single(second.Output).BaseObject).Name;
            Assert.NotEqual(a, b);
            Assert.Equal(new[] { a, b }.OrderBy(n => n, StringComparer.Ordinal), Directory.GetFiles(_dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            // the same two cutouts again, now in one call: the same two names, found as the copies CadcPS saved (skipped, or
            // fetched again where the cutout service dates each answer anew with Last-Modified: still no FileExists)
            var again = e.Run(@"
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'; Coordinates = '131.3 54.31' },
                [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'; Coordinates = '131.28125 54.3' } |
                    Save-CadcImage -Path $d -Radius 1arcmin -Verbose", Vars).AssertNoErrors();
            Assert.Contains(again.Verbose, v => v.Contains(a, StringComparison.Ordinal) && v.Contains("is the copy CadcPS saved"));
            Assert.Contains(again.Verbose, v => v.Contains(b, StringComparison.Ordinal) && v.Contains("is the copy CadcPS saved"));
            Assert.Equal(2, Directory.GetFiles(_dir).Length);
            // a file of that name that is not CadcPS's copy (changed since) is never replaced without -Force
            File.AppendAllText(Path.Combine(_dir, a), "changed by the user");
            var kept = e.Run(plane + " | Save-CadcImage -Path $d -Coordinates '131.28125 54.3' -Radius 1arcmin", Vars);
            Assert.StartsWith("FileExists,", kept.SingleError().FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.ResourceExists, kept.SingleError().CategoryInfo.Category);
            var forced = e.Run(plane + " | Save-CadcImage -Path $d -Coordinates '131.28125 54.3' -Radius 1arcmin -PassThru -Force", Vars).AssertNoErrors();
            Assert.Equal(a, ((FileInfo)Assert.Single(forced.Output).BaseObject).Name);
        }

        [Fact]
        public void AnExistingFile_IsSkippedOnlyOnItsCaom2Checksum_AndOtherwiseKept()
        {
            using var e = Engine.ForSandbox();
            const string one = "'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'";
            // the plane's artifacts as CAOM2 lists them: the file, and its preview and thumbnail, each with its checksum and length
            const string artifacts = "Invoke-CadcTap \"SELECT p.publisherID, a.contentChecksum, a.contentLength FROM caom2.Plane AS p JOIN caom2.Artifact AS a ON a.planeID = p.planeID WHERE p.publisherID = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'\"";
            var first = e.Run(one + " | Save-CadcImage -Path $d -PassThru", Vars).AssertNoErrors();
            var file = (FileInfo)Assert.Single(first.Output).BaseObject;
            var bytes = File.ReadAllBytes(file.FullName);
            // no checksum, but CadcPS's own record: the untouched file is what it saved from this URL, skipped
            var ours = e.Run(one + " | Save-CadcImage -Path $d -Verbose", Vars).AssertNoErrors();
            Assert.Contains(ours.Verbose, v => v.Contains("the copy CadcPS saved"));
            // the artifact whose length is DataLink's content_length gives the checksum that matches: skipped
            var again = e.Run(artifacts + " | Save-CadcImage -Path $d -Verbose", Vars).AssertNoErrors();
            Assert.Contains(again.Verbose, v => v.Contains("skipped") && v.Contains("md5"));
            // a file of the same length but other bytes is not "identical"
            File.WriteAllBytes(file.FullName, new byte[bytes.Length]);
            var differs = e.Run(artifacts + " | Save-CadcImage -Path $d", Vars);
            Assert.StartsWith("FileExists,", differs.SingleError().FullyQualifiedErrorId);
            // nor, without a checksum, is it CadcPS's copy any more: kept, and the error says -Force replaces it
            var unknown = e.Run(one + " | Save-CadcImage -Path $d", Vars);
            Assert.StartsWith("FileExists,", unknown.SingleError().FullyQualifiedErrorId);
            Assert.Equal(new byte[bytes.Length], File.ReadAllBytes(file.FullName));
            // a .part nothing vouches for (no validator kept with it) is downloaded again, not continued
            File.Delete(file.FullName);
            File.WriteAllBytes(file.FullName + ".part", new byte[20000]);
            var fresh = e.Run(artifacts + " | Save-CadcImage -Path $d -Verbose", Vars).AssertNoErrors();
            Assert.DoesNotContain(fresh.Verbose, v => v.Contains("Resuming"));
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
