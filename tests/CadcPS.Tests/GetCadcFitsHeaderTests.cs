using System;
using System.IO;
using System.Linq;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Get-CadcFitsHeader on a real CADC cutout (../shared/fixtures) and on the sandbox's files.</summary>
    public sealed class GetCadcFitsHeaderTests
    {
        private static readonly string Cutout = Path.Combine(Repo.Root, "..", "shared", "fixtures", "astroquery", "astroquery", "cadc", "tests", "data", "query_images.fits");

        [Fact]
        public void KeywordsOfARealCutout_AreTyped()
        {
            Assert.True(File.Exists(Cutout), "fixture missing: " + Cutout);
            using var e = new Engine();
            var r = e.Run("Get-CadcFitsHeader $p -Keyword OBJECT, EXPTIME, NAXIS*", new System.Collections.Generic.Dictionary<string, object?> { ["p"] = Cutout }).AssertNoErrors();
            var byName = r.Output.ToDictionary(o => (string)RunResult.Value(o, "Keyword")!, o => RunResult.Value(o, "Value"));
            Assert.Equal("SA 110", byName["OBJECT"]);
            Assert.Equal(2.046, byName["EXPTIME"]);
            Assert.Equal(101L, byName["NAXIS1"]);
            Assert.Equal(2L, byName["NAXIS"]);
            Assert.All(r.Output, o => Assert.Equal("CadcPS.FitsKeyword", o.TypeNames[0]));
        }

        [Fact]
        public void FilesFromThePipeline_WithWildcards()
        {
            var dir = Directory.CreateTempSubdirectory("cadcps-fits-").FullName;
            try
            {
                File.Copy(Cutout, Path.Combine(dir, "a.fits"));
                File.Copy(Cutout, Path.Combine(dir, "b.fits"));
                File.WriteAllText(Path.Combine(dir, "c.fits"), "not fits at all");
                using var e = new Engine();
                var r = e.Run("Get-CadcFitsHeader \"$d/*.fits\" -Keyword OBJECT", new System.Collections.Generic.Dictionary<string, object?> { ["d"] = dir });
                Assert.Equal(2, r.Output.Count);
                var error = Assert.Single(r.Errors);
                Assert.StartsWith("InvalidFits,", error.FullyQualifiedErrorId);
                Assert.EndsWith("c.fits", (string)error.TargetObject);
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void AMissingFile_IsFitsFileNotFound()
        {
            using var e = new Engine();
            var error = e.Run("Get-CadcFitsHeader /no/such/file.fits").SingleError();
            Assert.StartsWith("FitsFileNotFound,", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void TheSandboxFiles_ReadAsAstropyReadsThem()
        {
            // A real 3-D cube the sandbox serves (tests/sandbox generates them with astropy).
            var file = Directory.EnumerateFiles("/var/gavo/inputs/caom2/data/files/JCMT", "*.fits").OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault();
            Sandbox.Require();
            Assert.NotNull(file);
            using var e = new Engine();
            var r = e.Run("Get-CadcFitsHeader $p -Keyword NAXIS", new System.Collections.Generic.Dictionary<string, object?> { ["p"] = file }).AssertNoErrors();
            Assert.Equal(3L, RunResult.Value(Assert.Single(r.Output), "Value"));
        }
    }
}
