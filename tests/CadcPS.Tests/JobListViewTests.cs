using System;
using System.Linq;
using System.Diagnostics;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>
    /// Get-CadcJob's listing as a user sees it (issue 18): a UWS job list carries an id and a phase, and CADC's
    /// (cadc-uws JobListWriter) a run id, owner and creation time, never a query or an error. Its table must show those,
    /// not the full job's always-empty Query column. DaCHS's list (ids, phases and hrefs) is the Pester test's.
    /// </summary>
    public sealed class JobListViewTests
    {
        [Fact]
        public async System.Threading.Tasks.Task CadcsJobList_ShowsIdPhaseCreationTimeAndRunId_NotTheEmptyQuery()
        {
            using var d = new CadcDouble();
            var created = new DateTime(2026, 11, 30, 18, 0, 5, DateTimeKind.Utc);
            var job = new DoubleJob("loqqxg8jlah0r8wp", CadcDouble.User) { Phase = "COMPLETED", Query = "SELECT TOP 1 obsID FROM caom2.Observation", CreationTime = created, RunId = "nightly" };
            d.Jobs[job.Id] = job;
            // Rendered by a real pwsh (the engine host has no Out-String), as a user's terminal shows it.
            var script = "Import-Module $env:CADCPS_MODULE; $c = [pscredential]::new($env:CADC_TEST_USER, (ConvertTo-SecureString $env:CADC_TEST_PASSWORD -AsPlainText -Force)); "
                + "Connect-Cadc -Credential $c -RegistryUrl $env:CADC_TEST_REGISTRY -ErrorAction Stop; $jobs = @(Get-CadcJob -ErrorAction Stop); "
                + "$jobs | Out-String -Width 120; '--'; $jobs.Url; ($jobs | Wait-CadcJob -ErrorAction Stop).Phase";
            var start = new ProcessStartInfo("pwsh", new[] { "-NoProfile", "-NonInteractive", "-Command", script })
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.Environment["CADCPS_MODULE"] = Repo.ModuleManifest;
            start.Environment["CADC_TEST_USER"] = CadcDouble.User;
            start.Environment["CADC_TEST_PASSWORD"] = CadcDouble.Password;
            start.Environment["CADC_TEST_REGISTRY"] = d.RegistryUrl;
            using var pwsh = Process.Start(start)!;
            var stderr = pwsh.StandardError.ReadToEndAsync();
            var stdout = await pwsh.StandardOutput.ReadToEndAsync();
            using (var limit = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(120))) await pwsh.WaitForExitAsync(limit.Token);
            var errors = await stderr;
            Assert.True(pwsh.ExitCode == 0 && errors.Length == 0, errors);
            var parts = stdout.Split("\n--\n");
            var lines = parts[0].Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
            var header = Assert.Single(lines, l => l.StartsWith("Id ", StringComparison.Ordinal));
            Assert.Equal(new[] { "Id", "Phase", "Created", "(UTC)", "RunId" }, header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(new[] { job.Id, "COMPLETED", "2026-11-30", "18:00:05", "nightly" }));
            // Still a job: it pipes into the job cmdlets by its URL.
            Assert.Equal(new[] { d.TapUrl + "/async/" + job.Id, "COMPLETED" }, parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()));
        }
    }
}
