using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Async TAP jobs through the engine against the sandbox (DaCHS UWS; each job takes about 2 s).</summary>
    public sealed class CadcJobTests
    {
        private const string Small = "SELECT TOP 7 obsID, collection FROM caom2.Observation ORDER BY obsID";
        private const string Long = "SELECT * FROM perf.big";   // 1M rows: runs for many seconds on the sandbox



        private static object Job(RunResult r) => Assert.Single(r.Output).BaseObject;
        private static string Prop(object o, string name) => (string)o.GetType().GetProperty(name)!.GetValue(o)!;

        [Fact]
        public void Async_ReturnsAJobAtOnce_ThenWaitAndReceiveGiveTheRows()
        {
            using var e = Engine.ForSandbox();
            var clock = Stopwatch.StartNew();
            var job = Job(e.Run("Invoke-CadcTap $q -Async", Engine.Vars(("q", Small))).AssertNoErrors());
            Assert.Equal("CadcJob", job.GetType().Name);
            Assert.Contains(Prop(job, "Phase"), new[] { "PENDING", "QUEUED", "EXECUTING", "COMPLETED" });
            Assert.StartsWith("http://127.0.0.1:8089/", Prop(job, "Url"));
            Assert.Equal(Small, Prop(job, "Query"));
            var waited = Job(e.Run("$j | Wait-CadcJob", Engine.Vars(("j", job))).AssertNoErrors());
            Assert.Equal("COMPLETED", Prop(waited, "Phase"));
            var rows = e.Run("$j | Receive-CadcJob", Engine.Vars(("j", job))).AssertNoErrors();
            var sync = e.Run("Invoke-CadcTap $q", Engine.Vars(("q", Small))).AssertNoErrors();
            Assert.Equal(7, rows.Output.Count);
            Assert.Equal(sync.Output.Select(o => RunResult.Value(o, "obsID")), rows.Output.Select(o => RunResult.Value(o, "obsID")));
            e.Run("$j | Remove-CadcJob -Confirm:$false", Engine.Vars(("j", job))).AssertNoErrors();
        }

        [Fact]
        public void AsyncWait_StreamsTheRowsLikeASyncQuery_WithProgress()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap $q -Async -Wait -Verbose", Engine.Vars(("q", Small))).AssertNoErrors();
            Assert.Equal(7, r.Output.Count);
            Assert.Contains(r.Verbose, v => v.Contains("?WAIT=", StringComparison.Ordinal));
        }

        [Fact]
        public void AJob_LoadsByIdInANewRunspace_AndIsListed()
        {
            using var a = Engine.ForSandbox();
            var job = Job(a.Run("Invoke-CadcTap $q -Async -MaxRecords 3 | Wait-CadcJob", Engine.Vars(("q", Small))).AssertNoErrors());
            var id = Prop(job, "Id");
            using var b = Engine.ForSandbox();
            var loaded = Job(b.Run("Get-CadcJob $id", Engine.Vars(("id", id))).AssertNoErrors());
            Assert.Equal(Small, Prop(loaded, "Query"));
            Assert.Equal("COMPLETED", Prop(loaded, "Phase"));
            Assert.Equal(3, b.Run("Receive-CadcJob $id", Engine.Vars(("id", id))).AssertNoErrors().Output.Count);

            Assert.Contains(b.Run("Get-CadcJob -Phase COMPLETED").AssertNoErrors().Output, o => Prop(o.BaseObject, "Id") == id);
            Assert.DoesNotContain(b.Run("Get-CadcJob -Phase ERROR, ABORTED").AssertNoErrors().Output, o => Prop(o.BaseObject, "Id") == id);
            Assert.Empty(b.Run("Get-CadcJob -After ([datetime]::UtcNow.AddYears(5))").AssertNoErrors().Output);
            Assert.Single(b.Run("Get-CadcJob -Last 1").AssertNoErrors().Output);
            b.Run("Remove-CadcJob $id -Confirm:$false", Engine.Vars(("id", id))).AssertNoErrors();
        }

        [Fact]
        public void AnErrorJob_IsJobFailed_WithTheServersMessage()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap 'SELECT nosuchcolumn FROM caom2.Observation' -Async -Wait");
            var error = r.SingleError();
            Assert.Equal("JobFailed,CadcPS.Commands.InvokeCadcTapCommand", error.FullyQualifiedErrorId);
            Assert.Contains("nosuchcolumn", error.Exception.Message, StringComparison.OrdinalIgnoreCase);
            var listed = e.Run("Get-CadcJob -Phase ERROR -Last 5").AssertNoErrors();
            Assert.Contains(listed.Output, o => Prop(o.BaseObject, "Phase") == "ERROR");
        }

        [Fact]
        public void StopCadcJob_AbortsARunningJob_AndReceivingItIsJobAborted()
        {
            using var e = Engine.ForSandbox();
            var job = Job(e.Run("Invoke-CadcTap $q -Async -MaxRecords 1000000", Engine.Vars(("q", Long))).AssertNoErrors());
            var stopped = Job(e.Run("$j | Stop-CadcJob -PassThru -Confirm:$false", Engine.Vars(("j", job))).AssertNoErrors());
            Assert.Equal("ABORTED", Prop(stopped, "Phase"));
            var error = e.Run("$j | Receive-CadcJob", Engine.Vars(("j", job))).SingleError();
            Assert.Equal("JobAborted,CadcPS.Commands.ReceiveCadcJobCommand", error.FullyQualifiedErrorId);
            e.Run("$j | Remove-CadcJob -Confirm:$false", Engine.Vars(("j", job))).AssertNoErrors();
        }

        [Fact]
        public void WaitTimeout_IsATypedError_AndTheJobKeepsRunning()
        {
            using var e = Engine.ForSandbox();
            var job = Job(e.Run("Invoke-CadcTap $q -Async -MaxRecords 1000000", Engine.Vars(("q", Long))).AssertNoErrors());
            try
            {
                var error = e.Run("$j | Wait-CadcJob -Timeout 1", Engine.Vars(("j", job))).SingleError();
                Assert.Equal("JobWaitTimeout,CadcPS.Commands.WaitCadcJobCommand", error.FullyQualifiedErrorId);
                var now = Job(e.Run("Get-CadcJob $j", Engine.Vars(("j", job))).AssertNoErrors());
                Assert.Contains(Prop(now, "Phase"), new[] { "QUEUED", "EXECUTING", "COMPLETED" });
            }
            finally
            {
                e.Run("$j | Stop-CadcJob -Confirm:$false; $j | Remove-CadcJob -Confirm:$false", Engine.Vars(("j", job)));
            }
        }

        [Fact]
        public void CtrlC_WhileWaiting_StopsTheWaitPromptly_NotTheJob()
        {
            using var e = Engine.ForSandbox();
            var job = Job(e.Run("Invoke-CadcTap $q -Async -MaxRecords 1000000", Engine.Vars(("q", Long))).AssertNoErrors());
            try
            {
                using var ps = e.Create("$j | Wait-CadcJob", Engine.Vars(("j", job)));
                var started = ps.BeginInvoke();
                System.Threading.Thread.Sleep(1500);
                var clock = Stopwatch.StartNew();
                ps.Stop();
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Stop took {clock.Elapsed}");
                Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
                var now = Job(e.Run("Get-CadcJob $j", Engine.Vars(("j", job))).AssertNoErrors());
                Assert.NotEqual("ABORTED", Prop(now, "Phase"));
                // it said so while waiting
                Assert.Contains(ps.Streams.Progress, p => p.CurrentOperation != null && p.CurrentOperation.Contains("Ctrl+C stops waiting; the job keeps running"));
            }
            finally
            {
                e.Run("$j | Stop-CadcJob -Confirm:$false; $j | Remove-CadcJob -Confirm:$false", Engine.Vars(("j", job)));
            }
        }

        [Fact]
        public void RemoveCadcJob_Deletes_AndWhatIfDoesNot_AndAGoneJobIsJobNotFound()
        {
            using var e = Engine.ForSandbox();
            var job = Job(e.Run("Invoke-CadcTap $q -Async", Engine.Vars(("q", Small))).AssertNoErrors());
            e.Run("$j | Remove-CadcJob -WhatIf", Engine.Vars(("j", job))).AssertNoErrors();
            e.Run("Get-CadcJob $j", Engine.Vars(("j", job))).AssertNoErrors();
            e.Run("$j | Remove-CadcJob -Confirm:$false", Engine.Vars(("j", job))).AssertNoErrors();
            var error = e.Run("Get-CadcJob $j", Engine.Vars(("j", job))).SingleError();
            Assert.Equal("JobNotFound,CadcPS.Commands.GetCadcJobCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        }

        [Fact]
        public void ReceiveOutFile_SavesTheResult_ViaAPartFile()
        {
            using var e = Engine.ForSandbox();
            var dir = System.IO.Directory.CreateTempSubdirectory("cadcps-job-").FullName;
            try
            {
                var job = Job(e.Run("Invoke-CadcTap $q -Async -ResponseFormat votable/td | Wait-CadcJob", Engine.Vars(("q", Small))).AssertNoErrors());
                var path = System.IO.Path.Combine(dir, "r.xml");
                var file = Assert.IsType<System.IO.FileInfo>(Job(e.Run("$j | Receive-CadcJob -OutFile $p", Engine.Vars(("j", job), ("p", path))).AssertNoErrors()));
                Assert.Equal(7, System.Text.RegularExpressions.Regex.Matches(System.IO.File.ReadAllText(file.FullName), "<TR>").Count);
                var csv = System.IO.Path.Combine(dir, "r.csv");
                e.Run("$j | Receive-CadcJob -OutFile $p -OutFormat Csv", Engine.Vars(("j", job), ("p", csv))).AssertNoErrors();
                Assert.Equal(8, System.IO.File.ReadAllLines(csv).Length);
                Assert.Equal(new[] { "r.csv", "r.xml" }, System.IO.Directory.GetFiles(dir).Select(System.IO.Path.GetFileName).OrderBy(x => x).ToArray());
                e.Run("$j | Remove-CadcJob -Confirm:$false", Engine.Vars(("j", job))).AssertNoErrors();
            }
            finally { System.IO.Directory.Delete(dir, true); }
        }

        [Fact]
        public void JobsPipeBetweenTheCmdlets()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap $q -Async | Wait-CadcJob | Receive-CadcJob", Engine.Vars(("q", Small))).AssertNoErrors();
            Assert.Equal(7, r.Output.Count);
        }
    }
}
