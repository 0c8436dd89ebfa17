using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>
    /// Issue 18: a sync query, a job's rows and a saved result show what they have received (rows and bytes) as it
    /// arrives, a few updates a second at most, under their own activity id (Wait-CadcJob's is 1, Save-CadcImage's 2),
    /// and end with a Completed record carrying the totals.
    /// </summary>
    public sealed class ResultProgressTests : IDisposable
    {
        private const int Activity = 3;
        private const string Small = "SELECT TOP 7 obsID, collection FROM caom2.Observation ORDER BY obsID";
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "cadcps-progress-" + Guid.NewGuid().ToString("N"));

        public ResultProgressTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static (List<ProgressRecord> Records, List<PSObject> Output, TimeSpan Took) Run(Engine e, string script, params (string, object?)[] vars)
        {
            using var ps = e.Create(script, Engine.Vars(vars));
            var clock = Stopwatch.StartNew();
            var output = ps.Invoke().ToList();
            clock.Stop();
            Assert.Empty(ps.Streams.Error);
            return (ps.Streams.Progress.Where(p => p.ActivityId == Activity).ToList(), output, clock.Elapsed);
        }

        /// <summary>Updates then one Completed record, last, saying <paramref name="rows"/> rows.</summary>
        private static void AssertFinished(List<ProgressRecord> records, long rows)
        {
            Assert.NotEmpty(records);
            var last = records[^1];
            Assert.Equal(ProgressRecordType.Completed, last.RecordType);
            Assert.Single(records, r => r.RecordType == ProgressRecordType.Completed);
            Assert.StartsWith($"{rows:N0} rows, ", last.StatusDescription, StringComparison.Ordinal);
            Assert.Matches(@" [0-9.]+ (KB|MB) received", last.StatusDescription);
        }

        [Fact]
        public void ASyncQuery_ShowsRowsAndBytes_ThrottledToAFewUpdatesASecond()
        {
            using var e = Engine.ForSandbox();
            var (records, output, took) = Run(e, "Invoke-CadcTap 'SELECT TOP 60000 * FROM perf.big' -MaxRecords 60000");
            Assert.Equal(60000, output.Count);
            AssertFinished(records, 60000);
            // the wait for the service says so before any row
            Assert.Equal(ProgressRecordType.Processing, records[0].RecordType);
            Assert.Contains("waiting for the service", records[0].StatusDescription, StringComparison.Ordinal);
            // 4 a second at most, plus the first and the last: never one per row or per few rows
            Assert.True(records.Count <= 4 * took.TotalSeconds + 3, $"{records.Count} records in {took.TotalSeconds:0.0} s");
            var counts = records.Skip(1).Select(r => long.Parse(r.StatusDescription.Split(' ')[0], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.CurrentCulture)).ToList();
            Assert.Equal(counts.OrderBy(c => c), counts);
        }

        [Fact]
        public void ASmallQuery_EndsWithItsTotals()
        {
            using var e = Engine.ForSandbox();
            AssertFinished(Run(e, "Invoke-CadcTap $q", ("q", Small)).Records, 7);
        }

        [Theory]
        [InlineData("small.vot")]
        [InlineData("small.csv")]
        public void InvokeCadcTapOutFile_ShowsWhatIsReceived_AndTheFile(string name)
        {
            using var e = Engine.ForSandbox();
            var path = Path.Combine(_dir, name);
            var (records, output, _) = Run(e, "Invoke-CadcTap $q -OutFile $p", ("q", Small), ("p", path));
            Assert.Single(output);
            AssertFinished(records, 7);
            Assert.EndsWith(", saving to " + name, records[^1].StatusDescription, StringComparison.Ordinal);
        }

        [Fact]
        public void AJobResultCutAtItsMaxRecords_CountsTheRowsKept_NotDachsExtraRow()
        {
            using var e = Engine.ForSandbox();
            // DaCHS's async results hold MAXREC+1 rows to show the overflow; CadcPS keeps MAXREC of them
            var job = e.Run("Invoke-CadcTap $q -Async -MaxRecords 3 | Wait-CadcJob", Engine.Vars(("q", Small))).AssertNoErrors().Output.Single();
            try
            {
                var (records, output, _) = Run(e, "$j | Receive-CadcJob -WarningAction SilentlyContinue", ("j", job));
                Assert.Equal(3, output.Count);
                AssertFinished(records, 3);
                (records, output, _) = Run(e, "$j | Receive-CadcJob -OutFile $p -WarningAction SilentlyContinue", ("j", job), ("p", Path.Combine(_dir, "cut.vot")));
                Assert.Single(output);
                AssertFinished(records, 3);
            }
            finally
            {
                e.Run("$j | Remove-CadcJob -Confirm:$false", Engine.Vars(("j", job)));
            }
        }

        [Fact]
        public void ReceiveCadcJob_ShowsTheWaitThenTheDownload_RowsAndOutFile()
        {
            using var e = Engine.ForSandbox();
            var job = e.Run("Invoke-CadcTap $q -Async", Engine.Vars(("q", Small))).AssertNoErrors().Output.Single();
            try
            {
                using var ps = e.Create("$j | Receive-CadcJob -Wait", Engine.Vars(("j", job)));
                Assert.Equal(7, ps.Invoke().Count);
                var ids = ps.Streams.Progress.Select(p => p.ActivityId).Distinct().ToList();
                Assert.Equal(new[] { 1, Activity }, ids); // the wait's own bar, then the download's
                AssertFinished(ps.Streams.Progress.Where(p => p.ActivityId == Activity).ToList(), 7);

                var path = Path.Combine(_dir, "job.vot");
                var (records, output, _) = Run(e, "$j | Receive-CadcJob -OutFile $p", ("j", job), ("p", path));
                Assert.Single(output);
                AssertFinished(records, 7);
                Assert.EndsWith(", saving to job.vot", records[^1].StatusDescription, StringComparison.Ordinal);
                // the bytes counted are the file's: a VOTable result is saved byte for byte
                Assert.Contains($", {new FileInfo(path).Length / 1024.0:0.0} KB received", records[^1].StatusDescription, StringComparison.Ordinal);
            }
            finally
            {
                e.Run("$j | Remove-CadcJob -Confirm:$false", Engine.Vars(("j", job)));
            }
        }
    }
}
