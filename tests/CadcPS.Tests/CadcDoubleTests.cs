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
    }
}
