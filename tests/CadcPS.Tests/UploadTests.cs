using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Invoke-CadcTap -Upload: objects, CSV and VOTable files as TAP_UPLOAD tables, sync and async.</summary>
    public sealed class UploadTests
    {


        // 1000 objects cycling through the archive's target names and names it does not have.
        private const string Targets = @"
            $names = @(Invoke-CadcTap 'SELECT DISTINCT target_name FROM caom2.Observation' | ForEach-Object target_name) + @('nowhere-1', 'nowhere-2')
            $targets = 0..999 | ForEach-Object { [pscustomobject]@{ idx = $_; name = $names[$_ % $names.Count] } }";

        private const string Join = "SELECT u.idx, u.name, o.obsID FROM TAP_UPLOAD.mytargets AS u JOIN caom2.Observation AS o ON o.target_name = u.name";

        private static long Expected(Engine e)
        {
            // for each uploaded row, the number of observations with that target name
            var counts = e.Run("Invoke-CadcTap 'SELECT target_name, COUNT(*) AS n FROM caom2.Observation GROUP BY target_name'").AssertNoErrors()
                .Output.ToDictionary(o => (string)RunResult.Value(o, "target_name")!, o => Convert.ToInt64(RunResult.Value(o, "n")));
            var names = e.Run("$names").Output.Select(o => o.ToString()).ToList();
            return Enumerable.Range(0, 1000).Sum(i => counts.TryGetValue(names[i % names.Count], out var n) ? n : 0L);
        }

        [Fact]
        public void AThousandObjects_JoinAgainstObservation_Sync()
        {
            using var e = Engine.ForSandbox();
            e.Run(Targets).AssertNoErrors();
            var r = e.Run("Invoke-CadcTap $q -Upload @{ mytargets = $targets } -MaxRecords 100000", Engine.Vars(("q", Join))).AssertNoErrors();
            Assert.Equal(Expected(e), r.Output.Count);
            Assert.All(r.Output, o => Assert.IsType<long>(RunResult.Value(o, "idx")));
            Assert.DoesNotContain(r.Output, o => ((string)RunResult.Value(o, "name")!).StartsWith("nowhere", StringComparison.Ordinal));
        }

        [Fact]
        public void AThousandObjects_JoinAgainstObservation_Async()
        {
            using var e = Engine.ForSandbox();
            e.Run(Targets).AssertNoErrors();
            var r = e.Run("Invoke-CadcTap $q -Upload @{ mytargets = $targets } -MaxRecords 100000 -Async -Wait", Engine.Vars(("q", Join))).AssertNoErrors();
            Assert.Equal(Expected(e), r.Output.Count);
        }

        [Fact]
        public void ColumnTypes_AreInferred_AndCanBeStated()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run(@"$t = [pscustomobject]@{ i = 7; d = 2.5; s = 'x''y'; b = $true; t = [datetime]::new(2020, 1, 2, 3, 4, 5, [DateTimeKind]::Utc); code = 42 }
                Invoke-CadcTap 'SELECT * FROM TAP_UPLOAD.t1' -Upload @{ t1 = $t } -UploadColumnType @{ code = 'char' }").AssertNoErrors();
            var row = Assert.Single(r.Output);
            Assert.Equal(7L, RunResult.Value(row, "i"));
            Assert.Equal(2.5, RunResult.Value(row, "d"));
            Assert.Equal("x'y", RunResult.Value(row, "s"));
            Assert.Equal(true, RunResult.Value(row, "b"));
            Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc), RunResult.Value(row, "t"));
            Assert.Equal("42", RunResult.Value(row, "code"));
        }

        [Fact]
        public void CsvAndVOTableFiles_Upload()
        {
            using var e = Engine.ForSandbox();
            var dir = Directory.CreateTempSubdirectory("cadcps-up-").FullName;
            try
            {
                var csv = Path.Combine(dir, "targets.csv");
                File.WriteAllText(csv, "name,ra,note\nNr3491_1,131.28125,\"a, quoted \"\"note\"\"\"\nM31-B14,10.68,\n");
                var r = e.Run("Invoke-CadcTap 'SELECT name, ra, note FROM TAP_UPLOAD.c ORDER BY ra' -Upload @{ c = $p }", Engine.Vars(("p", csv))).AssertNoErrors();
                Assert.Equal(2, r.Output.Count);
                Assert.Equal(10.68, RunResult.Value(r.Output[0], "ra"));
                Assert.Equal("a, quoted \"note\"", RunResult.Value(r.Output[1], "note"));

                var vot = Path.Combine(dir, "t.xml");
                e.Run("Invoke-CadcTap 'SELECT TOP 4 obsID, collection FROM caom2.Observation' -ResponseFormat votable/td -OutFile $p", Engine.Vars(("p", vot))).AssertNoErrors();
                var back = e.Run("Invoke-CadcTap 'SELECT COUNT(*) AS n FROM TAP_UPLOAD.v' -Upload @{ v = $p }", Engine.Vars(("p", vot))).AssertNoErrors();
                Assert.Equal(4L, Convert.ToInt64(RunResult.Value(back.Output.Single(), "n")));
            }
            finally { Directory.Delete(dir, true); }
        }

        [Theory]
        [InlineData("@{ '1bad' = [pscustomobject]@{ a = 1 } }", "InvalidUpload")]
        [InlineData("@{ t = '/no/such/file.csv' }", "InvalidUpload")]
        [InlineData("@{ t = [pscustomobject]@{ a = 1 } } -UploadColumnType @{ a = 'quaternion' }", "InvalidUpload")]
        public void BadUploads_AreTypedErrors_WithoutARequest(string upload, string errorId)
        {
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT 1' -Service http://127.0.0.1:9/tap -Upload " + upload).SingleError();
            Assert.Equal(errorId + ",CadcPS.Commands.InvokeCadcTapCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        }
    }
}
