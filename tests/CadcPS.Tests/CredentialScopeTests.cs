using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>
    /// Where a session's credential may go, through the cmdlets: only to the services the user's own command addressed,
    /// never on another server's say-so; a job URL needs no registry.
    /// </summary>
    public sealed class CredentialScopeTests
    {
        private const string Query = "SELECT observationID FROM caom2.Observation";

        [Fact]
        public void AJobListFromAnotherService_CannotAimRemoveCadcJob_AtTheSessionsOwnJobs()
        {
            using var d = new CadcDouble();
            using var e = new Engine();
            var vars = Engine.Vars(("reg", d.RegistryUrl), ("q", Query), ("c", new PSCredential(CadcDouble.User, ConnectCadcTests.Secure(CadcDouble.Password))));
            e.Run("Connect-Cadc -Credential $c -RegistryUrl $reg", vars).AssertNoErrors();
            var mine = (string)RunResult.Value(Assert.Single(e.Run("Invoke-CadcTap $q -Async", vars).AssertNoErrors().Output), "Id")!;
            // Another server lists the session's own job (on the double, which trusts the session's cookie) as one of its own.
            using var other = new LoopbackServer(async ctx =>
            {
                if (ctx.Request.HttpMethod == "GET")
                    await CadcDouble.AnswerAsync(ctx, 200, "text/xml", "<uws:jobs xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
                        + $"<uws:jobref id=\"{mine}\" xlink:href=\"{d.TapUrl}/async/{mine}\"><uws:phase>PENDING</uws:phase></uws:jobref></uws:jobs>");
                else CadcDouble.Redirect(ctx, "/tap/async");
            });
            vars["other"] = other.BaseUrl + "/tap";

            e.Run("Get-CadcJob -Service $other | Remove-CadcJob -Confirm:$false", vars).AssertNoErrors();

            Assert.True(d.Jobs.ContainsKey(mine), "the session's job was deleted on another server's say-so");
            Assert.DoesNotContain(d.Requests, r => r.Method == "DELETE" || (r.Method == "POST" && r.Body.Contains("ACTION=DELETE")));
            Assert.Contains(other.Requests, r => r.Method == "DELETE" && r.PathAndQuery == "/tap/async/" + mine);
            Assert.All(other.Requests, r => Assert.Null(r.Cookie));
        }

        [Fact]
        public void APasswordOverLoopbackHttp_DoesNotWarn_ItNeverLeavesTheMachine()
        {
            // Plain http to a host on the network warns (Cadc.Core.Tests PlainHttpWarningTests); the sandbox and local
            // deployments are loopback, where no network path can read it, and scheduled scripts there stay quiet.
            using var e = Engine.ForSandbox();
            var r = e.Run("Connect-Cadc -Credential $c -RegistryUrl $reg -PassThru",
                Engine.Vars(("c", ConnectCadcTests.SandboxCredential()), ("reg", Sandbox.RegistryUrl))).AssertNoErrors();
            Assert.Equal("Basic", RunResult.Value(Assert.Single(r.Output), "Method"));
            Assert.DoesNotContain(r.Warnings, w => w.Contains("plain http", StringComparison.Ordinal));
        }

        [Fact]
        public void AHierarchCardWithoutAName_IsReadByGetCadcFitsHeader_NotAnUnexpectedError()
        {
            // A file as a broken or hostile server may serve it: "HIERARCH= 5" is the keyword HIERARCH with the value 5.
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cadcps-hierarch-{Guid.NewGuid():N}.fits");
            var header = string.Concat(new[] { "SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0", "HIERARCH= 5", "END" }.Select(c => c.PadRight(80)));
            System.IO.File.WriteAllText(path, header.PadRight(2880));
            try
            {
                using var e = new Engine();
                var r = e.Run("Get-CadcFitsHeader $p -Keyword HIERARCH", Engine.Vars(("p", path))).AssertNoErrors();
                Assert.Equal(5L, RunResult.Value(Assert.Single(r.Output), "Value"));
            }
            finally { System.IO.File.Delete(path); }
        }

        [Fact]
        public void TheJobCmdlets_GivenAJobUrl_NeedNoRegistry()
        {
            using var d = new CadcDouble();
            using var e = new Engine();
            // Nothing listens on port 9: any registry lookup would fail the command.
            var vars = Engine.Vars(("reg", d.RegistryUrl), ("q", Query), ("dead", "http://127.0.0.1:9/reg/resource-caps"));
            var url = (string)RunResult.Value(Assert.Single(e.Run("Invoke-CadcTap $q -Async -RegistryUrl $reg", vars).AssertNoErrors().Output), "Url")!;
            vars["u"] = url;

            Assert.Equal(url, RunResult.Value(Assert.Single(e.Run("Get-CadcJob $u -RegistryUrl $dead", vars).AssertNoErrors().Output), "Url"));
            Assert.Equal("COMPLETED", RunResult.Value(Assert.Single(e.Run("Wait-CadcJob $u -RegistryUrl $dead", vars).AssertNoErrors().Output), "Phase"));
            Assert.NotEmpty(e.Run("Receive-CadcJob $u -RegistryUrl $dead", vars).AssertNoErrors().Output);
            e.Run("Stop-CadcJob $u -RegistryUrl $dead", vars).AssertNoErrors();
            e.Run("Remove-CadcJob $u -RegistryUrl $dead -Confirm:$false", vars).AssertNoErrors();
            Assert.Empty(d.Jobs);
        }
    }
}
