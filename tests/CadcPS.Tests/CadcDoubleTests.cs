using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>
    /// Through the engine, as a user types it, against <see cref="CadcDouble"/>: CADC's real documents and the behaviours
    /// of CADC's server code (issue 15), where the DaCHS sandbox behaves otherwise.
    /// </summary>
    public sealed class CadcDoubleTests
    {
        private const string ArtifactQuery = "SELECT TOP 3 uri, contentChecksum, contentLength, contentType FROM caom2.Artifact";

        private static System.Collections.Generic.Dictionary<string, object?> Vars(CadcDouble d, params (string Name, object? Value)[] more)
            => Engine.Vars(more.Append(("reg", d.RegistryUrl)).ToArray());

        private static string Prop(PSObject o, string name) => (string)RunResult.Value(o, name)!;

        private static PSCredential Credential()
        {
            var password = new SecureString();
            foreach (var c in CadcDouble.Password) password.AppendChar(c);
            return new PSCredential(CadcDouble.User, password);
        }

        private static DoubleJob Plant(CadcDouble d, string? owner = null, string phase = "COMPLETED", DateTime? created = null)
        {
            var job = new DoubleJob(Guid.NewGuid().ToString("N").Substring(0, 16), owner) { Phase = phase, Query = ArtifactQuery, CreationTime = created ?? DateTime.UtcNow };
            d.Jobs[job.Id] = job;
            return job;
        }

        [Fact]
        public void TheDouble_ServesCadcsRegistryCapabilitiesTablesAndRows()
        {
            using var d = new CadcDouble();
            using var e = new Engine();
            var rows = e.Run("Invoke-CadcTap $q -RegistryUrl $reg", Vars(d, ("q", ArtifactQuery))).AssertNoErrors().Output;
            Assert.Equal(new[] { "ad:IRIS/I001B1H0.fits", "ad:IRIS/I001B2H0.fits", "ad:IRIS/I001B3H0.fits" }, rows.Select(r => Prop(r, "uri")));
            var columns = e.Run("Get-CadcTable caom2.Observation -RegistryUrl $reg", Vars(d)).AssertNoErrors().Output;
            Assert.Contains(columns, c => (string?)RunResult.Value(c, "Name") == "obsID");
            var tables = e.Run("Get-CadcTable -RegistryUrl $reg", Vars(d)).AssertNoErrors().Output;
            Assert.Contains(tables, t => (string?)RunResult.Value(t, "Name") == "ivoa.ObsCore");
            Assert.Contains(d.Requests, r => r.PathAndQuery == "/argus/capabilities");
            Assert.Contains(d.Requests, r => r.Method == "POST" && r.PathAndQuery == "/argus/sync");
            Assert.Empty(d.HandlerFailures);
        }

        // ------------------------------------------------------------------ 1. name resolution

        [Fact]
        public void AName_IsResolvedByTheResolversFindCapability_NeverByItsLogControl()
        {
            using var d = new CadcDouble();
            using var e = new Engine();
            // CADC's resolver lists logControl (with no security method) before NameResolver#names-1.0.
            var q = (string)e.Run("Search-CadcRegion M31 -Radius 0.1 -RegistryUrl $reg -AsQuery", Vars(d)).AssertNoErrors().Output.Single().BaseObject;
            Assert.Contains("CIRCLE('ICRS', 10.68479, 41.26906, 0.1)", q);
            Assert.StartsWith("/cadc-target-resolver/find?target=M31&", Assert.Single(d.RequestsTo("/cadc-target-resolver/find")).PathAndQuery);
            Assert.Empty(d.RequestsTo("/cadc-target-resolver/logControl"));
        }

        [Fact]
        public void WithoutAKnownStandardId_TheCapabilityWhoseUrlEndsInFind_IsTheResolver()
        {
            using var d = new CadcDouble();
            var b = d.BaseUrl + "/cadc-target-resolver";
            d.Route("/cadc-target-resolver/capabilities", (ctx, _) => CadcDouble.AnswerAsync(ctx, 200, "text/xml", CadcDouble.Capabilities(
                CadcDouble.Capability("ivo://ivoa.net/std/VOSI#capabilities", b + "/capabilities"),
                CadcDouble.Capability("vos://cadc.nrc.ca~vospace/CADC/std/LOGGING#logControl-1.0", b + "/logControl", "full", "ivo://ivoa.net/sso#tls-with-certificate"),
                CadcDouble.Capability("http://example.org/std/names#lookup-2.0", b + "/find", "base", ""))));
            using var e = new Engine();
            e.Run("Search-CadcRegion M31 -RegistryUrl $reg -AsQuery", Vars(d)).AssertNoErrors();
            Assert.Single(d.RequestsTo("/cadc-target-resolver/find"));
            Assert.Empty(d.RequestsTo("/cadc-target-resolver/logControl"));
        }

        [Fact]
        public void WithoutAFindCapability_TheResolverIsAskedAtItsBaseFind()
        {
            using var d = new CadcDouble();
            var b = d.BaseUrl + "/cadc-target-resolver";
            d.Route("/cadc-target-resolver/capabilities", (ctx, _) => CadcDouble.AnswerAsync(ctx, 200, "text/xml", CadcDouble.Capabilities(
                CadcDouble.Capability("ivo://ivoa.net/std/VOSI#capabilities", b + "/capabilities"),
                CadcDouble.Capability("ivo://ivoa.net/std/VOSI#availability", b + "/availability"),
                CadcDouble.Capability("vos://cadc.nrc.ca~vospace/CADC/std/Logging#control-1.0", b + "/logControl"))));
            using var e = new Engine();
            e.Run("Search-CadcRegion M31 -RegistryUrl $reg -AsQuery", Vars(d)).AssertNoErrors();
            Assert.Single(d.RequestsTo("/cadc-target-resolver/find"));
            Assert.Empty(d.RequestsTo("/cadc-target-resolver/logControl"));
        }

        [Fact]
        public void AResolverGivenByItsCapabilitiesUrl_IsReadThere()
        {
            using var d = new CadcDouble();
            using var e = new Engine();
            e.Run("Search-CadcRegion M31 -Resolver $r -AsQuery", Engine.Vars(("r", d.BaseUrl + "/cadc-target-resolver/capabilities"))).AssertNoErrors();
            Assert.Single(d.RequestsTo("/cadc-target-resolver/capabilities"));
            Assert.Single(d.RequestsTo("/cadc-target-resolver/find"));
        }

        [Fact]
        public void AResolverFailure_IsNotKept_TheNextCallAsksAgain()
        {
            using var d = new CadcDouble();
            var failures = 1;
            d.Route("/cadc-target-resolver/find", (ctx, _) => System.Threading.Interlocked.Decrement(ref failures) >= 0
                ? CadcDouble.AnswerAsync(ctx, 500, "text/plain", "resolver backend failed")
                : CadcDouble.AnswerAsync(ctx, 200, "text/plain", "target=M31\r\nservice=ned(ned.ipac.caltech.edu)\r\ncoordsys=ICRS\r\nra=10.68479\r\ndec=41.26906\r\n"));
            using var e = new Engine();
            Assert.Equal("HttpError500", e.Run("Search-CadcRegion M31 -RegistryUrl $reg -AsQuery", Vars(d)).SingleError().FullyQualifiedErrorId.Split(',')[0]);
            var q = (string)e.Run("Search-CadcRegion M31 -RegistryUrl $reg -AsQuery", Vars(d)).AssertNoErrors().Output.Single().BaseObject;
            Assert.Contains("10.68479, 41.26906", q);
            Assert.Equal(2, d.RequestsTo("/cadc-target-resolver/find").Count);
        }

        // ------------------------------------------------------------------ 3. AFTER

        [Fact]
        public void GetCadcJobAfter_SendsMilliseconds_AsCadcUwsRequires()
        {
            using var d = new CadcDouble();
            var old = Plant(d, CadcDouble.User, created: new DateTime(2026, 11, 30, 18, 0, 0, DateTimeKind.Utc));
            var recent = Plant(d, CadcDouble.User, created: new DateTime(2026, 11, 30, 19, 0, 0, DateTimeKind.Utc));
            using var e = new Engine();
            e.Run("Connect-Cadc -Credential $c -RegistryUrl $reg", Vars(d, ("c", Credential()))).AssertNoErrors();
            var jobs = e.Run("Get-CadcJob -After ([datetime]::new(2026, 11, 30, 18, 53, 23, [DateTimeKind]::Utc))").AssertNoErrors().Output;
            Assert.Equal(new[] { recent.Id }, jobs.Select(j => Prop(j, "Id")));
            Assert.Contains(d.Requests, r => r.PathAndQuery == "/argus/async?AFTER=2026-11-30T18%3A53%3A23.000Z");
        }

        // ------------------------------------------------------------------ 4. delete

        [Fact]
        public void RemoveCadcJob_TakesCadcUws303AsDone_WithoutReadingTheJobList()
        {
            using var d = new CadcDouble();
            var job = Plant(d);
            using var e = new Engine();
            // Anonymous: the job list the 303 points to is 403, which must not turn a done delete into PermissionDenied.
            e.Run("Remove-CadcJob $id -RegistryUrl $reg -Confirm:$false", Vars(d, ("id", job.Id))).AssertNoErrors();
            Assert.False(d.Jobs.ContainsKey(job.Id));
            Assert.Single(d.Requests, r => r.Method == "DELETE");
            Assert.Empty(d.RequestsTo("/argus/async"));
        }

        [Fact]
        public void RemoveCadcJob_WhereDeleteIsRefused_PostsActionDelete_AndTakesIts303AsDone()
        {
            using var d = new CadcDouble { AcceptsHttpDelete = false };
            var job = Plant(d);
            using var e = new Engine();
            e.Run("Remove-CadcJob $id -RegistryUrl $reg -Confirm:$false", Vars(d, ("id", job.Id))).AssertNoErrors();
            Assert.False(d.Jobs.ContainsKey(job.Id));
            Assert.Single(d.Requests, r => r.Method == "POST" && r.Body == "ACTION=DELETE");
            Assert.Empty(d.RequestsTo("/argus/async"));
        }

        [Fact]
        public void RemoveCadcJob_OfAJobThatIsGone_IsJobNotFound()
        {
            using var d = new CadcDouble();
            using var e = new Engine();
            var error = e.Run("Remove-CadcJob nosuchjob0000000 -RegistryUrl $reg -Confirm:$false", Vars(d)).SingleError();
            Assert.Equal("JobNotFound,CadcPS.Commands.RemoveCadcJobCommand", error.FullyQualifiedErrorId);
        }

        // ------------------------------------------------------------------ 10. rejected queries

        [Theory]
        [InlineData(RejectionBody.TextPlain)]
        [InlineData(RejectionBody.VOTable)]
        [InlineData(RejectionBody.Html)]
        [InlineData(RejectionBody.Empty)]
        public void ARejectedSyncQuery_IsTapQueryError_WhateverTheBody(RejectionBody body)
        {
            using var d = new CadcDouble { RejectionBody = body };
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT x FROM nosuch.table' -RegistryUrl $reg", Vars(d)).SingleError();
            Assert.Equal("TapQueryError,CadcPS.Commands.InvokeCadcTapCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
            if (body != RejectionBody.Empty) Assert.Contains("Table 'nosuch.table' is not found in TAP schema", error.Exception.Message);
        }

        [Theory]
        [InlineData(RejectionBody.TextPlain)]
        [InlineData(RejectionBody.VOTable)]
        [InlineData(RejectionBody.Html)]
        [InlineData(RejectionBody.Empty)]
        public void ARejectedJobCreation_IsTapQueryError_WhateverTheBody(RejectionBody body)
        {
            using var d = new CadcDouble { RejectionBody = body, RejectJobCreation = "upload too large" };
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap $q -Async -RegistryUrl $reg", Vars(d, ("q", ArtifactQuery))).SingleError();
            Assert.Equal("TapQueryError,CadcPS.Commands.InvokeCadcTapCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ArtifactQuery, error.TargetObject);
            if (body != RejectionBody.Empty) Assert.Contains("upload too large", error.Exception.Message);
        }

        // ------------------------------------------------------------------ 12. phase change answered 200; MAXREC=0

        [Theory]
        [InlineData(PhaseChangeAnswer.Ok)]
        [InlineData(PhaseChangeAnswer.SeeOther)]
        [InlineData(PhaseChangeAnswer.JobDocument)]
        public void AsyncQueries_Work_HoweverThePhaseChangeIsAnswered(PhaseChangeAnswer answer)
        {
            using var d = new CadcDouble { PhaseChangeAnswer = answer };
            using var e = new Engine();
            var job = Assert.Single(e.Run("Invoke-CadcTap $q -Async -RegistryUrl $reg", Vars(d, ("q", ArtifactQuery))).AssertNoErrors().Output);
            Assert.Equal("COMPLETED", Prop(job, "Phase"));
            Assert.Equal(d.TapUrl + "/async/" + Prop(job, "Id"), Prop(job, "Url"));
            var rows = e.Run("Invoke-CadcTap $q -Async -Wait -RegistryUrl $reg", Vars(d, ("q", ArtifactQuery))).AssertNoErrors().Output;
            Assert.Equal(3, rows.Count);
            var pending = Plant(d, phase: "PENDING");
            var stopped = Assert.Single(e.Run("Stop-CadcJob $id -PassThru -RegistryUrl $reg -Confirm:$false", Vars(d, ("id", pending.Id))).AssertNoErrors().Output);
            Assert.Equal("ABORTED", Prop(stopped, "Phase"));
        }

        [Fact]
        public void MaxRecordsZero_GivesNoRows_AndNoTruncationWarning()
        {
            using var d = new CadcDouble();
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap $q -MaxRecords 0 -RegistryUrl $reg", Vars(d, ("q", ArtifactQuery))).AssertNoErrors();
            Assert.Empty(r.Output);
            Assert.Empty(r.Warnings);
            Assert.Contains(d.Requests, q => q.Body.Contains("MAXREC=0", StringComparison.Ordinal));
            // A real cut still warns.
            var cut = e.Run("Invoke-CadcTap $q -MaxRecords 2 -RegistryUrl $reg", Vars(d, ("q", ArtifactQuery))).AssertNoErrors();
            Assert.Equal(2, cut.Output.Count);
            Assert.Contains(cut.Warnings, w => w.Contains("truncated at 2 rows", StringComparison.Ordinal));
        }
    }
}
