using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>
    /// How long commands wait (issue 15, item 2): CADC lets a sync query run 600 s before it answers, so the wait for
    /// a query's answer is long by default and separate from the idle timeout while rows stream; -TimeoutSec on every
    /// command that talks to a service, a session default (Set-CadcConfiguration), and advice that names -Async.
    /// Loopback servers hold their status line back (HttpListener sends nothing before the first write) for a few seconds.
    /// </summary>
    public sealed class TimeoutTests
    {
        private static readonly string Table = VOTableText.Head(("n", "int", null)) + VOTableText.Row(1) + VOTableText.Row(2) + VOTableText.Tail();

        /// <summary>Commands that never send a request (they have no -TimeoutSec of their own; Set-CadcConfiguration's sets the session's).</summary>
        private static readonly string[] LocalCmdlets = { "ConvertTo-CadcVOTable", "Disconnect-Cadc", "Export-CadcVOTable", "Get-CadcColumn", "Get-CadcConfiguration", "Get-CadcFitsHeader", "Get-CadcSession", "Import-CadcVOTable" };

        /// <summary>A server that answers each request after <paramref name="delay"/> (before its status line), a 2-row VOTable for /sync.</summary>
        private static LoopbackServer Slow(TimeSpan delay) => new LoopbackServer(async ctx =>
        {
            await Task.Delay(delay);
            var path = ctx.Request.Url!.AbsolutePath;
            if (path.EndsWith("/sync", StringComparison.Ordinal))
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                await LoopbackServer.WriteAsync(ctx.Response, Table);
            }
            else if (path.EndsWith("/tables", StringComparison.Ordinal))
            {
                ctx.Response.ContentType = "text/xml";
                await LoopbackServer.WriteAsync(ctx.Response, "<vosi:tableset xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\"><schema><name>s</name><table><name>s.t</name></table></schema></vosi:tableset>");
            }
            else
            {
                ctx.Response.StatusCode = 404;
            }
        });

        [Fact]
        public void EveryCommandThatTalksToAService_HasTimeoutSec_AndWaitCadcJobKeepsItsOwnTimeout()
        {
            using var e = new Engine();
            var r = e.Run("Get-Command -Module CadcPS | ForEach-Object { '{0}:{1}:{2}' -f $_.Name, $_.Parameters.ContainsKey('TimeoutSec'), $_.Parameters.ContainsKey('Timeout') }").AssertNoErrors();
            var seen = r.Output.Select(o => o.ToString().Split(':')).ToDictionary(p => p[0], p => (TimeoutSec: p[1] == "True", Timeout: p[2] == "True"));
            Assert.Equal(ModuleTests.Cmdlets, seen.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
            foreach (var (name, has) in seen.Where(c => c.Key != "Set-CadcConfiguration"))
                Assert.True(has.TimeoutSec != LocalCmdlets.Contains(name), $"{name}: -TimeoutSec {(has.TimeoutSec ? "on a local command" : "missing")}");
            // the job wait's limit and the per-request limit are two parameters
            Assert.True(seen["Wait-CadcJob"].Timeout && seen["Wait-CadcJob"].TimeoutSec);
            var help = e.Run("(Get-Help Wait-CadcJob -Parameter TimeoutSec).description.Text; '---'; (Get-Help Wait-CadcJob -Parameter Timeout).description.Text").AssertNoErrors();
            var text = string.Join("\n", help.Output.Select(o => o.ToString()));
            var parts = text.Split("---");
            Assert.Contains("request", parts[0], StringComparison.OrdinalIgnoreCase);
            Assert.Contains("-Timeout", parts[0], StringComparison.Ordinal);
            Assert.Contains("-TimeoutSec", parts[1], StringComparison.Ordinal);
        }

        [Fact]
        public void TheDefaults_WaitLongForAQuerysAnswer_AndShortOtherwise()
        {
            using var e = new Engine();
            var c = Assert.Single(e.Run("Get-CadcConfiguration").AssertNoErrors().Output);
            Assert.Equal(30, (int)RunResult.Value(c, "TimeoutSec")!);
            Assert.Equal(600, (int)RunResult.Value(c, "QueryTimeoutSec")!); // CADC's executionDuration (argus capabilities)
            var set = Assert.Single(e.Run("Set-CadcConfiguration -TimeoutSec 5 -QueryTimeoutSec 0 -PassThru").AssertNoErrors().Output);
            Assert.Equal(5, (int)RunResult.Value(set, "TimeoutSec")!);
            Assert.Equal(0, (int)RunResult.Value(set, "QueryTimeoutSec")!); // no limit
            // per runspace, like the login
            using var other = new Engine();
            Assert.Equal(30, (int)RunResult.Value(Assert.Single(other.Run("Get-CadcConfiguration").AssertNoErrors().Output), "TimeoutSec")!);
        }

        [Fact]
        public void TimeoutSec_ShorterThanTheQuery_IsRequestTimeout_Quickly_NamingTheWait_AndAdvisingAsync()
        {
            using var server = Slow(TimeSpan.FromSeconds(15));
            using var e = new Engine();
            var clock = Stopwatch.StartNew();
            var error = e.Run("Invoke-CadcTap 'SELECT n FROM t' -Service $u -TimeoutSec 1", Engine.Vars(("u", server.BaseUrl + "/tap"))).SingleError();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed}");
            Assert.StartsWith("RequestTimeout,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            Assert.Contains("within 1 s", error.Exception.Message);
            Assert.Contains("query", error.Exception.Message);
            var advice = error.ErrorDetails.RecommendedAction;
            Assert.Contains("Invoke-CadcTap -Async", advice);
            Assert.Contains("-TimeoutSec", advice);
            Assert.DoesNotContain("Try again later", advice);
            Assert.Single(server.Requests); // a silent service is not asked again
        }

        [Fact]
        public void TheSessionDefaults_KeepTheQueryWait_ApartFromTheWaitForOtherAnswers()
        {
            // Every answer starts after 2.5 s. The session waits 1 s for answers in general and 5 s for a query's.
            using var server = Slow(TimeSpan.FromSeconds(2.5));
            using var e = new Engine();
            var vars = Engine.Vars(("u", server.BaseUrl + "/tap"));
            e.Run("Set-CadcConfiguration -TimeoutSec 1 -QueryTimeoutSec 5").AssertNoErrors();
            var rows = e.Run("Invoke-CadcTap 'SELECT n FROM t' -Service $u", vars).AssertNoErrors();
            Assert.Equal(2, rows.Output.Count);
            var clock = Stopwatch.StartNew();
            var error = e.Run("Get-CadcTable -Service $u", vars).SingleError();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.4), $"the tables request waited {clock.Elapsed}");
            Assert.StartsWith("RequestTimeout,", error.FullyQualifiedErrorId);
            Assert.Contains("within 1 s", error.Exception.Message);
            // not a query: the advice is to wait longer, not to run a job
            Assert.Contains("-TimeoutSec", error.ErrorDetails.RecommendedAction);
            Assert.DoesNotContain("-Async", error.ErrorDetails.RecommendedAction);
            // the command's own -TimeoutSec wins over the session's, for every request it sends
            Assert.Single(e.Run("Get-CadcTable -Service $u -TimeoutSec 4", vars).AssertNoErrors().Output);
        }

        [Fact]
        public void OnceRowsStream_TheIdleTimeoutApplies_NotTheQueryWait()
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                ctx.Response.SendChunked = true;
                await LoopbackServer.WriteAsync(ctx.Response, VOTableText.Head(("n", "int", null)) + VOTableText.Row(1));
                await Task.Delay(TimeSpan.FromSeconds(4));
                await LoopbackServer.WriteAsync(ctx.Response, VOTableText.Row(2) + VOTableText.Tail());
            });
            using var e = new Engine();
            e.Run("Set-CadcConfiguration -TimeoutSec 1 -QueryTimeoutSec 30").AssertNoErrors();
            var clock = Stopwatch.StartNew();
            var r = e.Run("Invoke-CadcTap 'SELECT n FROM t' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap")));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3.5), $"took {clock.Elapsed}");
            Assert.Single(r.Output);
            var error = r.SingleError();
            Assert.StartsWith("RequestTimeout,", error.FullyQualifiedErrorId);
            Assert.Contains("sent nothing for 1 s", error.Exception.Message);
        }

        [Fact]
        public void TimeoutSec_ReachesTheRequestsOfOtherServices_DataLinkAndTheLogin()
        {
            using var server = Slow(TimeSpan.FromSeconds(15));
            using var e = new Engine();
            var clock = Stopwatch.StartNew();
            var links = e.Run("Get-CadcDataUrl 'ivo://cadc.nrc.ca/CFHT?1/1p' -Service $u -TimeoutSec 1", Engine.Vars(("u", server.BaseUrl + "/datalink"))).SingleError();
            Assert.StartsWith("RequestTimeout,", links.FullyQualifiedErrorId);
            Assert.Contains("within 1 s", links.Exception.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed}");
            clock.Restart();
            var login = e.Run("Connect-Cadc -Credential $c -RegistryUrl $r -TimeoutSec 1",
                Engine.Vars(("r", server.BaseUrl + "/reg/resource-caps"), ("c", new PSCredential("u", ConnectCadcTests.Secure("p"))))).SingleError();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed}");
            Assert.Contains("within 1 s", login.Exception.Message);
        }

        [Fact]
        public void AShortSessionTimeout_DoesNotCutTheJobWaitsBlockingPolls()
        {
            // UWS WAIT=n: the service holds the request up to n seconds. With a 1 s session timeout, polls of 2 s must still be allowed.
            var held = 0;
            using var server = new LoopbackServer(async ctx =>
            {
                var wait = ctx.Request.QueryString["WAIT"];
                if (wait != null)
                {
                    Interlocked.Increment(ref held);
                    await Task.Delay(TimeSpan.FromSeconds(int.Parse(wait, System.Globalization.CultureInfo.InvariantCulture)));
                }
                ctx.Response.ContentType = "text/xml";
                await LoopbackServer.WriteAsync(ctx.Response, "<?xml version=\"1.0\"?><uws:job xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\"><uws:jobId>j1</uws:jobId><uws:phase>EXECUTING</uws:phase></uws:job>");
            });
            using var e = new Engine();
            e.Run("Set-CadcConfiguration -TimeoutSec 1").AssertNoErrors();
            var error = e.Run("Wait-CadcJob j1 -Service $u -Timeout 4", Engine.Vars(("u", server.BaseUrl + "/tap"))).SingleError();
            Assert.StartsWith("JobWaitTimeout,", error.FullyQualifiedErrorId);
            Assert.True(held >= 2, $"{held} blocking polls");
            Assert.Contains(server.Requests, r => r.PathAndQuery.Contains("WAIT=2", StringComparison.Ordinal));
        }

        [Fact]
        public void CtrlC_EndsTheLongWaitForAQuerysAnswer_WithinASecond()
        {
            using var server = Slow(TimeSpan.FromSeconds(60));
            using var e = new Engine();
            using var ps = e.Create("Invoke-CadcTap 'SELECT n FROM t' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap")));
            var started = ps.BeginInvoke();
            for (var i = 0; i < 100 && server.Requests.IsEmpty; i++) Thread.Sleep(50);
            Thread.Sleep(1500); // past any short timeout: the default query wait (600 s) is what is running
            Assert.False(started.IsCompleted);
            var clock = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {clock.Elapsed}");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        }
    }
}
