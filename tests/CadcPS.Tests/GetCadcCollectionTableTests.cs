using System;
using System.Linq;
using System.Management.Automation;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Get-CadcCollection and Get-CadcTable against the sandbox.</summary>
    public sealed class GetCadcCollectionTableTests
    {

        [Fact]
        public void Collections_ComeWithTheirBands_AndAreCachedForTheSession()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Get-CadcCollection -Verbose").AssertNoErrors();
            Assert.Equal(new[] { "CFHT", "DAO", "GEMINI", "IRIS", "JCMT", "MOST" }, r.Output.Select(o => (string)RunResult.Value(o, "Collection")!).ToArray());
            var cfht = r.Output.Single(o => (string?)RunResult.Value(o, "Collection") == "CFHT");
            Assert.Equal(new[] { "Infrared", "Optical" }, (string[])RunResult.Value(cfht, "Bands")!);
            Assert.Equal("CadcPS.Collection", cfht.TypeNames[0]);
            Assert.Contains(r.Verbose, v => v.StartsWith("POST ", StringComparison.Ordinal));
            var again = e.Run("Get-CadcCollection JCMT, G* -Verbose").AssertNoErrors();
            Assert.Equal(new[] { "GEMINI", "JCMT" }, again.Output.Select(o => (string)RunResult.Value(o, "Collection")!).ToArray());
            Assert.DoesNotContain(again.Verbose, v => v.StartsWith("POST ", StringComparison.Ordinal));
        }

        [Fact]
        public void AnotherRegistry_IsNotAnsweredFromTheSessionsCache()
        {
            // Collections, table names and resolved names are cached per (registry, service): a command naming another
            // registry asks it, and here that registry has no such document.
            using var e = Engine.ForSandbox();
            var other = Sandbox.RegistryUrl.Replace("/reg/resource-caps", "/reg/no-such-registry", StringComparison.Ordinal);
            var vars = Engine.Vars(("r", other));
            Assert.Equal(6, e.Run("Get-CadcCollection").AssertNoErrors().Output.Count);
            var collections = e.Run("Get-CadcCollection -RegistryUrl $r", vars);
            Assert.Empty(collections.Output);
            Assert.Equal("RegistryUnavailable,CadcPS.Commands.GetCadcCollectionCommand", collections.SingleError().FullyQualifiedErrorId);

            Assert.NotEmpty(e.Run("Search-CadcRegion M31 -Radius 0.1").AssertNoErrors().Output);
            var search = e.Run("Search-CadcRegion M31 -Radius 0.1 -RegistryUrl $r", vars);
            Assert.Empty(search.Output);
            Assert.Equal("RegistryUnavailable,CadcPS.Commands.SearchCadcRegionCommand", search.SingleError().FullyQualifiedErrorId);

            Assert.Equal(6, e.Run("Get-CadcCollection").AssertNoErrors().Output.Count);
        }

        [Fact]
        public void AnUnknownCollection_IsCollectionNotFound()
        {
            using var e = Engine.ForSandbox();
            var error = e.Run("Get-CadcCollection NOSUCH").SingleError();
            Assert.Equal("CollectionNotFound,CadcPS.Commands.GetCadcCollectionCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void Tables_AreListedWithDescriptions()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Get-CadcTable -Schema caom2").AssertNoErrors();
            var names = r.Output.Select(o => ((string)RunResult.Value(o, "Name")!).ToLowerInvariant()).ToArray();
            Assert.Contains("caom2.observation", names);
            Assert.Contains("caom2.plane", names);
            Assert.All(r.Output, o => Assert.Equal("caom2", RunResult.Value(o, "Schema")));
            Assert.All(r.Output, o => Assert.False(string.IsNullOrEmpty((string?)RunResult.Value(o, "Description"))));
            var all = e.Run("Get-CadcTable").AssertNoErrors();
            Assert.Contains(all.Output, o => (string?)RunResult.Value(o, "Name") == "tap_schema.tables");
        }

        [Fact]
        public void ATablesColumns_HaveTypeUnitUcdDescription()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Get-CadcTable caom2.Plane").AssertNoErrors();
            var bounds = r.Output.Single(o => string.Equals((string?)RunResult.Value(o, "Name"), "time_bounds", StringComparison.OrdinalIgnoreCase));
            Assert.Equal("double", RunResult.Value(bounds, "Datatype"));
            Assert.Equal("d", RunResult.Value(bounds, "Unit"));
            Assert.False(string.IsNullOrEmpty((string?)RunResult.Value(bounds, "Description")));
            Assert.True(r.Output.Count > 20);
            Assert.All(r.Output, o => Assert.Equal("CadcPS.Column", o.TypeNames[0]));
        }

        [Fact]
        public void AnUnknownTable_IsTableNotFound()
        {
            using var e = Engine.ForSandbox();
            var error = e.Run("Get-CadcTable caom2.NoSuchTable").SingleError();
            Assert.Equal("TableNotFound,CadcPS.Commands.GetCadcTableCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        }

        [Fact]
        public void TableNames_TabComplete()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("$s = 'Get-CadcTable caom2.pl'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText").AssertNoErrors();
            Assert.Contains(r.Output.Select(o => o.ToString()), t => t.Equals("caom2.plane", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public void TheRealCadcTableset_Streams_AndATableIsFoundInIt()
        {
            // CADC's real 2019 argus tableset (426 columns, ../shared/fixtures), served by a loopback server
            // that, like VOSI-tables 1.0 services, has no tables/<name> endpoint.
            var path = System.IO.Path.Combine(Repo.Root, "..", "shared", "fixtures", "cadctools", "cadctap", "cadctap", "tests", "data", "db_schema.xml");
            Assert.True(System.IO.File.Exists(path), "fixture missing: " + path);
            using var server = new LoopbackServer(async ctx =>
            {
                if (ctx.Request.Url!.AbsolutePath != "/argus/tables") { ctx.Response.StatusCode = 404; return; }
                ctx.Response.ContentType = "text/xml";
                var bytes = System.IO.File.ReadAllBytes(path);
                await ctx.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length);
            });
            using var e = new Engine();
            var vars = new System.Collections.Generic.Dictionary<string, object?> { ["u"] = server.BaseUrl + "/argus" };
            var tables = e.Run("Get-CadcTable -Service $u", vars).AssertNoErrors();
            Assert.Equal(22, tables.Output.Count);
            Assert.Equal("caom2.Observation", RunResult.Value(tables.Output[0], "Name"));
            Assert.Equal("ivoa", RunResult.Value(tables.Output.Single(o => (string?)RunResult.Value(o, "Name") == "ivoa.ObsCore"), "Schema"));
            var columns = e.Run("Get-CadcTable caom2.chunk -Service $u", vars).AssertNoErrors();
            Assert.Equal(105, columns.Output.Count);
            Assert.All(columns.Output, o => Assert.Equal("caom2.Chunk", RunResult.Value(o, "Table")));
            var obsCore = e.Run("Get-CadcTable ivoa.ObsCore -Service $u", vars).AssertNoErrors();
            Assert.Equal(34, obsCore.Output.Count);
            Assert.Contains(server.Requests, r => r.PathAndQuery == "/argus/tables/caom2.chunk");
        }
    }
}
