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
