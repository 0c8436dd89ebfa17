using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Connect-Cadc, Get-CadcSession and Disconnect-Cadc: the sandbox's Basic account, and a loopback deployment for CADC's cookie login and tokens.</summary>
    public sealed class ConnectCadcTests : IDisposable
    {
        internal const string ProprietaryFile = "ivo://cadc.nrc.ca/CFHT?2376545/2376545p";
        internal const string SandboxUser = "cadcauthtest1";
        internal const string SandboxPassword = "testpass123";
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-auth-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        internal static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        internal static PSCredential SandboxCredential(string password = SandboxPassword) => new PSCredential(SandboxUser, Secure(password));

        private Dictionary<string, object?> Vars(params (string, object?)[] more)
        {
            var v = Engine.Vars(("d", _dir), ("id", ProprietaryFile), ("c", SandboxCredential()), ("reg", Sandbox.RegistryUrl));
            foreach (var (k, o) in more) v[k] = o;
            return v;
        }

        [Fact]
        public void ProprietaryData_IsRefusedAnonymously_SavedAfterConnect_AndRefusedAfterDisconnect()
        {
            using var e = Engine.ForSandbox();
            var anonymous = e.Run("$id | Save-CadcImage -Path $d", Vars()).SingleError();
            Assert.Equal("NotAuthenticated,CadcPS.Commands.SaveCadcImageCommand", anonymous.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, anonymous.CategoryInfo.Category);
            Assert.Contains("anonymous", anonymous.Exception.Message);
            Assert.Contains("Connect-Cadc", anonymous.ErrorDetails!.RecommendedAction);

            var session = e.Run("Connect-Cadc -Credential $c -RegistryUrl $reg -PassThru", Vars()).AssertNoErrors();
            var info = Assert.Single(session.Output);
            Assert.Equal(SandboxUser, RunResult.Value(info, "UserName"));
            Assert.Equal("Basic", RunResult.Value(info, "Method"));
            Assert.Equal(true, RunResult.Value(info, "Verified"));

            var saved = e.Run("$id | Save-CadcImage -Path $d -PassThru", Vars()).AssertNoErrors();
            var file = (FileInfo)Assert.Single(saved.Output).BaseObject;
            Assert.StartsWith("SIMPLE  =", File.ReadAllText(file.FullName).Substring(0, 9));
            Assert.Equal(0, file.Length % 2880);
            var cutout = e.Run("$id | Save-CadcImage -Path $d -Coordinates '131.28125 54.3' -Radius 1arcmin -PassThru", Vars()).AssertNoErrors();
            Assert.Equal(2L, RunResult.Value(Assert.Single(cutout.Output), "NAXIS"));

            e.Run("Disconnect-Cadc", Vars()).AssertNoErrors();
            Assert.Equal("Anonymous", RunResult.Value(Assert.Single(e.Run("Get-CadcSession").AssertNoErrors().Output), "Method"));
            var after = e.Run("$id | Save-CadcImage -Path $d -Force", Vars()).SingleError();
            Assert.Equal("NotAuthenticated,CadcPS.Commands.SaveCadcImageCommand", after.FullyQualifiedErrorId);
        }

        [Fact]
        public void AWrongPassword_IsLoginFailed_AtConnectTime_AndTheSessionStaysAnonymous()
        {
            using var e = Engine.ForSandbox();
            var error = e.Run("Connect-Cadc -Credential $w -RegistryUrl $reg", Vars(("w", SandboxCredential("not-the-password")))).SingleError();
            Assert.Equal("LoginFailed,CadcPS.Commands.ConnectCadcCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.Contains(SandboxUser, error.Exception.Message);
            Assert.DoesNotContain("not-the-password", error.ToString() + error.Exception);
            Assert.Equal("Anonymous", RunResult.Value(Assert.Single(e.Run("Get-CadcSession").AssertNoErrors().Output), "Method"));
            e.Run("Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation'").AssertNoErrors();
        }

        [Fact]
        public async Task TwoRunspaces_HoldDifferentIdentities_AtTheSameTime()
        {
            using var connected = Engine.ForSandbox();
            using var anonymous = Engine.ForSandbox();
            connected.Run("Connect-Cadc -Credential $c -RegistryUrl $reg", Vars()).AssertNoErrors();
            var dirA = Directory.CreateDirectory(Path.Combine(_dir, "a")).FullName;
            var dirB = Directory.CreateDirectory(Path.Combine(_dir, "b")).FullName;
            var a = Task.Run(() => connected.Run("1..3 | ForEach-Object { $id | Save-CadcImage -Path $p -Force -PassThru }", Vars(("p", dirA))));
            var b = Task.Run(() => anonymous.Run("1..3 | ForEach-Object { $id | Save-CadcImage -Path $p -Force -PassThru }", Vars(("p", dirB))));
            var ra = await a;
            var rb = await b;
            Assert.Equal(3, ra.AssertNoErrors().Output.Count);
            Assert.Empty(rb.Output);
            Assert.All(rb.Errors, r => Assert.Equal("NotAuthenticated,CadcPS.Commands.SaveCadcImageCommand", r.FullyQualifiedErrorId));
            Assert.Equal(3, rb.Errors.Count);
            Assert.Empty(Directory.GetFiles(dirB));
            Assert.Equal(SandboxUser, RunResult.Value(Assert.Single(connected.Run("Get-CadcSession").Output), "UserName"));
            Assert.Null(RunResult.Value(Assert.Single(anonymous.Run("Get-CadcSession").Output), "UserName"));
        }

        [Fact]
        public void AnExpiredCertificate_IsRefused_WithItsDates_AndAnonymousUseGoesOn()
        {
            var pem = Path.Combine(_dir, "cadcproxy.pem");
            var certificate = TestCertificates.Write(pem, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-2));
            using var e = Engine.ForSandbox();
            var error = e.Run("Connect-Cadc -CertificatePath $pem -RegistryUrl $reg", Vars(("pem", pem))).SingleError();
            Assert.Equal("CertificateExpired,CadcPS.Commands.ConnectCadcCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.Contains(certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss"), error.Exception.Message);
            Assert.Contains(certificate.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss"), error.Exception.Message);
            Assert.Contains("cadc-get-cert", error.ErrorDetails!.RecommendedAction);
            Assert.Equal("Anonymous", RunResult.Value(Assert.Single(e.Run("Get-CadcSession").Output), "Method"));
            Assert.Single(e.Run("Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation'").AssertNoErrors().Output);
        }

        [Theory]
        [InlineData("future", "CertificateNotYetValid")]
        [InlineData("nokey", "CertificateInvalid")]
        [InlineData("garbage", "CertificateInvalid")]
        [InlineData("missing", "CertificateNotFound")]
        public void AnUnusableCertificateFile_IsATypedError(string kind, string errorId)
        {
            var pem = Path.Combine(_dir, kind + ".pem");
            switch (kind)
            {
                case "future": TestCertificates.Write(pem, DateTimeOffset.UtcNow.AddDays(3), DateTimeOffset.UtcNow.AddDays(30)); break;
                case "nokey": TestCertificates.Write(pem, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), withKey: false); break;
                case "garbage": File.WriteAllText(pem, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"); break;
            }
            using var e = Engine.ForSandbox();
            var error = e.Run("Connect-Cadc -CertificatePath $pem -RegistryUrl $reg", Vars(("pem", pem))).SingleError();
            Assert.Equal(errorId + ",CadcPS.Commands.ConnectCadcCommand", error.FullyQualifiedErrorId);
            Assert.Equal(pem, error.TargetObject);
        }

        [Fact]
        public void AValidCertificate_BecomesTheSession_WithItsSubjectAndExpiry()
        {
            var pem = Path.Combine(_dir, "cadcproxy.pem");
            var certificate = TestCertificates.Write(pem, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), cn: "astronomer_1");
            using var e = Engine.ForSandbox();
            var r = e.Run("Connect-Cadc -CertificatePath $pem -RegistryUrl $reg -PassThru", Vars(("pem", pem))).AssertNoErrors();
            var info = Assert.Single(r.Output);
            Assert.Equal("Certificate", RunResult.Value(info, "Method"));
            Assert.Equal("astronomer_1", RunResult.Value(info, "UserName"));
            Assert.Contains("CN=astronomer_1", (string)RunResult.Value(info, "Subject")!);
            Assert.Equal(certificate.NotAfter.ToUniversalTime(), (DateTime)RunResult.Value(info, "ExpiresOn")!, TimeSpan.FromSeconds(1));
            Assert.Equal(pem, RunResult.Value(info, "CertificatePath"));
            // the sandbox cannot check certificates (no TLS, no whoami for them): said, not hidden
            Assert.Contains(r.Warnings, w => w.Contains("Certificate"));
            Assert.Equal(false, RunResult.Value(info, "Verified"));
            Assert.Single(e.Run("Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation'").AssertNoErrors().Output);
        }

        [Fact]
        public void WithoutACredential_AnInteractiveHostIsAsked()
        {
            Sandbox.Require();
            var host = new PromptingHost(SandboxCredential());
            using var e = new Engine(host: host);
            var info = Assert.Single(e.Run("Connect-Cadc -RegistryUrl $reg -PassThru", Vars()).AssertNoErrors().Output);
            Assert.Equal(new[] { "Connect-Cadc" }, host.Prompts);
            Assert.Equal(SandboxUser, RunResult.Value(info, "UserName"));
            Assert.Equal(true, RunResult.Value(info, "Verified"));
        }

        [Fact]
        public void WithoutACredential_AndNoWayToPrompt_ItIsCredentialRequired()
        {
            using var e = Engine.ForSandbox();
            var error = e.Run("Connect-Cadc -RegistryUrl $reg", Vars()).SingleError();
            Assert.Equal("CredentialRequired,CadcPS.Commands.ConnectCadcCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void PasswordLogin_GetsTheSsoCookie_SentOnlyToTheDeploymentsOwnHosts()
        {
            using var d = new LoopbackDeployment();
            using var e = new Engine();
            var vars = Engine.Vars(("reg", d.RegistryUrl), ("c", new PSCredential(LoopbackDeployment.User, Secure(LoopbackDeployment.Password))),
                ("other", d.Elsewhere.BaseUrl + "/tap"), ("redirect", d.Server.BaseUrl + "/tap/redirect"));
            var info = Assert.Single(e.Run("Connect-Cadc -Credential $c -RegistryUrl $reg -PassThru", vars).AssertNoErrors().Output);
            Assert.Equal("Cookie", RunResult.Value(info, "Method"));
            Assert.Equal(true, RunResult.Value(info, "Verified"));
            var login = Assert.Single(d.Server.Requests, r => r.PathAndQuery == "/ac/login");
            Assert.Equal("POST", login.Method);

            var row = Assert.Single(e.Run("Invoke-CadcTap 'SELECT auth FROM t'", vars).AssertNoErrors().Output);
            Assert.Equal("Cookie", RunResult.Value(row, "auth"));
            var query = d.Server.Requests.Last(r => r.PathAndQuery == "/tap/sync");
            Assert.Equal("CADC_SSO=\"" + LoopbackDeployment.Token + "\"", query.Cookie);

            // a service the user names on another host, and a redirect to one: no credential follows
            e.Run("Invoke-CadcTap 'SELECT 1' -Service $other", vars);
            e.Run("Invoke-CadcTap 'SELECT 1' -Service $redirect", vars);
            Assert.Equal(2, d.Elsewhere.Requests.Count);
            Assert.All(d.Elsewhere.Requests, r => Assert.Null(r.Cookie));
            Assert.All(d.Elsewhere.Requests, r => Assert.Null(r.Authorization));
            Assert.NotNull(d.Server.Requests.Last(r => r.PathAndQuery == "/tap/redirect/sync").Cookie);
        }

        [Fact]
        public void ProprietaryRows_AreAbsentAnonymously_AndPresentAfterConnect()
        {
            // The sandbox's TAP shows every row to everyone (tests/sandbox/README.md, difference 7), so this is
            // proven against a deployment that filters rows by the caller, as CADC's argus does.
            using var d = new LoopbackDeployment();
            using var e = new Engine();
            var vars = Engine.Vars(("reg", d.RegistryUrl), ("c", new PSCredential(LoopbackDeployment.User, Secure(LoopbackDeployment.Password))));
            const string query = "Invoke-CadcTap 'SELECT observationID, metaRelease FROM caom2.Observation' -RegistryUrl $reg | ForEach-Object observationID";
            Assert.Equal(new[] { "public-1" }, e.Run(query, vars).AssertNoErrors().Output.Select(o => o.ToString()));
            e.Run("Connect-Cadc -Credential $c -RegistryUrl $reg", vars).AssertNoErrors();
            Assert.Equal(new[] { "public-1", "proprietary-1" }, e.Run(query, vars).AssertNoErrors().Output.Select(o => o.ToString()));
            e.Run("Disconnect-Cadc").AssertNoErrors();
            Assert.Equal(new[] { "public-1" }, e.Run(query, vars).AssertNoErrors().Output.Select(o => o.ToString()));
        }

        [Fact]
        public void AWrongPassword_AtTheLoginService_IsLoginFailed()
        {
            using var d = new LoopbackDeployment();
            using var e = new Engine();
            var error = e.Run("Connect-Cadc -Credential $c -RegistryUrl $reg",
                Engine.Vars(("reg", d.RegistryUrl), ("c", new PSCredential(LoopbackDeployment.User, Secure("wrong"))))).SingleError();
            Assert.Equal("LoginFailed,CadcPS.Commands.ConnectCadcCommand", error.FullyQualifiedErrorId);
            Assert.Equal("Anonymous", RunResult.Value(Assert.Single(e.Run("Get-CadcSession").Output), "Method"));
        }

        [Fact]
        public void AFailedConnect_ToAnotherRegistry_LeavesItsHostsUntrusted()
        {
            using var d = new LoopbackDeployment();
            using var other = new LoopbackDeployment();
            using var e = new Engine();
            var vars = Engine.Vars(("reg", d.RegistryUrl), ("otherReg", other.RegistryUrl), ("otherTap", other.Server.BaseUrl + "/tap"),
                ("c", new PSCredential(LoopbackDeployment.User, Secure(LoopbackDeployment.Password))),
                ("wrong", new PSCredential(LoopbackDeployment.User, Secure("wrong"))));
            e.Run("Connect-Cadc -Credential $c -RegistryUrl $reg", vars).AssertNoErrors();
            // reading the other deployment's services on the way to the failed login must not make them the session's
            Assert.Equal("LoginFailed,CadcPS.Commands.ConnectCadcCommand", e.Run("Connect-Cadc -Credential $wrong -RegistryUrl $otherReg", vars).SingleError().FullyQualifiedErrorId);
            Assert.Contains(other.Server.Requests, r => r.PathAndQuery == "/argus/capabilities");

            var there = Assert.Single(e.Run("Invoke-CadcTap 'SELECT auth FROM t' -Service $otherTap", vars).AssertNoErrors().Output);
            Assert.Equal("Anonymous", RunResult.Value(there, "auth"));
            var here = Assert.Single(e.Run("Invoke-CadcTap 'SELECT auth FROM t'", vars).AssertNoErrors().Output);
            Assert.Equal("Cookie", RunResult.Value(here, "auth"));
        }

        [Fact]
        public void AToken_IsSentAsBearer_AndCheckedWithWhoAmI()
        {
            using var d = new LoopbackDeployment();
            using var e = new Engine();
            var vars = Engine.Vars(("reg", d.RegistryUrl), ("t", Secure(LoopbackDeployment.Token)), ("bad", Secure("expired-token")));
            var bad = e.Run("Connect-Cadc -Token $bad -RegistryUrl $reg", vars).SingleError();
            Assert.Equal("LoginFailed,CadcPS.Commands.ConnectCadcCommand", bad.FullyQualifiedErrorId);

            var info = Assert.Single(e.Run("Connect-Cadc -Token $t -RegistryUrl $reg -PassThru", vars).AssertNoErrors().Output);
            Assert.Equal("Token", RunResult.Value(info, "Method"));
            Assert.Equal(LoopbackDeployment.User, RunResult.Value(info, "UserName")); // from whoami's redirect to users/<name>
            Assert.Equal("Bearer", RunResult.Value(Assert.Single(e.Run("Invoke-CadcTap 'SELECT auth FROM t'", vars).AssertNoErrors().Output), "auth"));
            Assert.Equal("Bearer " + LoopbackDeployment.Token, d.Server.Requests.Last(r => r.PathAndQuery == "/tap/sync").Authorization);
        }
    }
}
