using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Invoke-CadcTap through the engine, against the sandbox reached through its registry, and against loopback servers.</summary>
    public sealed class InvokeCadcTapTests
    {


        [Theory]
        [InlineData("votable/td")]
        [InlineData("votable/b2")]
        public void TheFirstRow_IsOut_BeforeATenthOfTheResponseHasArrived(string format)
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap 'SELECT TOP 20000 * FROM perf.big' -MaxRecords 20000 -ResponseFormat $f -Verbose | ForEach-Object { $null }",
                Engine.Vars(("f", format))).AssertNoErrors();
            var said = Assert.Single(r.Verbose, v => v.Contains("the first row was out after"));
            var m = System.Text.RegularExpressions.Regex.Match(said, @"^20,000 rows, ([\d,]+) bytes; the first row was out after ([\d,]+) bytes");
            Assert.True(m.Success, said);
            long Bytes(int g) => long.Parse(m.Groups[g].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Bytes(1) > 2_000_000, said); // a response worth streaming
            Assert.True(Bytes(2) * 10 < Bytes(1), said);
        }

        [Fact]
        public void Top5_AsTheIssueTypesIt_GivesFiveRowsWithTheColumns()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap \"SELECT TOP 5 collection, observationID, target_name FROM caom2.Observation\"").AssertNoErrors();
            Assert.Equal(5, r.Output.Count);
            foreach (var row in r.Output)
            {
                Assert.Equal(new[] { "collection", "observationID", "target_name" }, row.Properties.Select(p => p.Name).ToArray());
                Assert.IsType<string>(RunResult.Value(row, "collection"));
            }
        }

        [Theory]
        [InlineData("votable")]      // DaCHS: BINARY
        [InlineData("votable/td")]   // TABLEDATA
        [InlineData("votable/b2")]   // BINARY2
        public void ValuesAreTyped_InEverySerialization(string format)
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap $q -ResponseFormat $f", Engine.Vars(("q",
                "SELECT TOP 20 p.calibrationLevel, p.position_dimension_naxis1, p.time_exposure, p.dataRelease, p.time_bounds, p.position_bounds, p.productID " +
                "FROM caom2.Plane p WHERE p.dataProductType = 'image' ORDER BY p.planeID"), ("f", format))).AssertNoErrors();
            Assert.Equal(20, r.Output.Count);
            var row = r.Output[0];
            Assert.IsType<int>(RunResult.Value(row, "calibrationLevel"));
            Assert.IsType<long>(RunResult.Value(row, "position_dimension_naxis1"));
            Assert.IsType<double>(RunResult.Value(row, "time_exposure"));
            var release = Assert.IsType<DateTime>(RunResult.Value(row, "dataRelease"));
            Assert.Equal(DateTimeKind.Utc, release.Kind);
            var interval = RunResult.Value(row, "time_bounds")!;
            Assert.Equal("Interval", interval.GetType().Name);
            var polygon = RunResult.Value(row, "position_bounds")!;
            Assert.Equal("SkyPolygon", polygon.GetType().Name);
            Assert.Matches(@"^-?\d+(\.\d+)?(E[-+]?\d+)? -?\d+(\.\d+)?(E[-+]?\d+)?$", interval.ToString());
            Assert.IsType<string>(RunResult.Value(row, "productID"));
        }

        [Fact]
        public void TheThreeSerializations_GiveTheSameRows()
        {
            using var e = Engine.ForSandbox();
            const string q = "SELECT TOP 50 obsID, calibrationLevel, time_bounds, position_bounds, dataRelease, energy_bounds_lower FROM caom2.Plane ORDER BY planeID";
            string Text(string f) => string.Join("\n", e.Run("Invoke-CadcTap $q -ResponseFormat $f", Engine.Vars(("q", q), ("f", f))).AssertNoErrors()
                .Output.Select(o => string.Join("|", o.Properties.Select(p => p.Value is Array a ? string.Join(",", a.Cast<object>()) : Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)))));
            var td = Text("votable/td");
            Assert.Equal(50, td.Split('\n').Length);
            Assert.Equal(td, Text("votable/b2"));
            Assert.Equal(td, Text("votable"));
        }

        [Fact]
        public void MaxRecords_LimitsRows_AndWarnsNamingTheLimit()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap 'SELECT obsID FROM caom2.Observation' -MaxRecords 7").AssertNoErrors();
            Assert.Equal(7, r.Output.Count);
            var warning = Assert.Single(r.Warnings);
            Assert.Contains("-MaxRecords 7", warning);
            Assert.Contains("OVERFLOW", warning);
        }

        [Fact]
        public void MaxRecordsZero_IsMetadataOnly_NotATruncation()
        {
            // DaCHS answers MAXREC=0 with a row and QUERY_STATUS=OVERFLOW (CADC with no row and no OVERFLOW): no rows, no warning.
            using var e = Engine.ForSandbox();
            var dir = System.IO.Directory.CreateTempSubdirectory("cadcps-maxrec0-").FullName;
            try
            {
                var r = e.Run("Invoke-CadcTap 'SELECT TOP 5 obsID FROM caom2.Observation' -MaxRecords 0").AssertNoErrors();
                Assert.Empty(r.Output);
                Assert.Empty(r.Warnings);
                var saved = e.Run("Invoke-CadcTap 'SELECT TOP 5 obsID FROM caom2.Observation' -MaxRecords 0 -OutFile $p",
                    Engine.Vars(("p", System.IO.Path.Combine(dir, "columns.xml")))).AssertNoErrors();
                Assert.Single(saved.Output);
                Assert.Empty(saved.Warnings);
            }
            finally { System.IO.Directory.Delete(dir, true); }
        }

        [Fact]
        public void AResultWithinTheLimit_DoesNotWarn()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap \"SELECT obsID FROM caom2.Observation WHERE collection = 'MOST'\" -MaxRecords 1000").AssertNoErrors();
            Assert.Equal(25, r.Output.Count);
            Assert.Empty(r.Warnings);
        }

        [Fact]
        public void WhereObjectPipeline_SeesEveryRow()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("$adql = 'SELECT collection, observationID FROM caom2.Observation'; Invoke-CadcTap -Query $adql -MaxRecords 100000 | Where-Object collection -eq 'CFHT'").AssertNoErrors();
            var count = e.Run("Invoke-CadcTap \"SELECT COUNT(*) AS n FROM caom2.Observation WHERE collection = 'CFHT'\"").AssertNoErrors();
            Assert.Equal(Convert.ToInt64(RunResult.Value(count.Output.Single(), "n")), r.Output.Count);
            Assert.Equal(76, r.Output.Count);
            Assert.All(r.Output, o => Assert.Equal("CFHT", RunResult.Value(o, "collection")));
        }

        [Fact]
        public void AnAdqlError_IsANonTerminatingTapQueryError_WithTheServersMessage_AndLaterQueriesRun()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("'SELECT nosuchcolumn FROM caom2.Observation', 'SELECT TOP 2 obsID FROM caom2.Observation' | Invoke-CadcTap");
            var error = r.SingleError();
            Assert.Equal("TapQueryError,CadcPS.Commands.InvokeCadcTapCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
            Assert.Contains("nosuchcolumn", error.Exception.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("SELECT nosuchcolumn FROM caom2.Observation", error.TargetObject);
            Assert.Equal(2, r.Output.Count);
        }

        [Fact]
        public void AnEmptyQuery_IsAClearError()
        {
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap '  '").SingleError();
            Assert.StartsWith("EmptyQuery,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        }

        [Fact]
        public void ANonVOTableResponseFormat_IsRefused_PointingToOutFormat()
        {
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT 1' -ResponseFormat csv").SingleError();
            Assert.StartsWith("UnsupportedResponseFormat,", error.FullyQualifiedErrorId);
            Assert.Contains("-OutFormat Csv", error.Exception.Message);
        }

        [Fact]
        public void OutFile_VOTable_IsTheDocumentAsServed_WithNoPartFileLeft()
        {
            using var e = Engine.ForSandbox();
            var dir = Directory.CreateTempSubdirectory("cadcps-").FullName;
            try
            {
                var path = Path.Combine(dir, "obs.xml");
                var r = e.Run("Invoke-CadcTap 'SELECT TOP 12 obsID, collection FROM caom2.Observation' -ResponseFormat votable/td -OutFile $p", Engine.Vars(("p", path))).AssertNoErrors();
                var file = Assert.IsType<FileInfo>(Assert.Single(r.Output).BaseObject);
                Assert.Equal(path, file.FullName);
                var text = File.ReadAllText(path);
                Assert.StartsWith("<?xml", text);
                Assert.Equal(12, System.Text.RegularExpressions.Regex.Matches(text, "<TR>").Count);
                Assert.EndsWith("</VOTABLE>", text.TrimEnd());
                Assert.Equal(new[] { "obs.xml" }, Directory.GetFiles(dir).Select(Path.GetFileName).ToArray());
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void OutFile_Csv_HasAHeaderAndOneLinePerRow()
        {
            using var e = Engine.ForSandbox();
            var dir = Directory.CreateTempSubdirectory("cadcps-").FullName;
            try
            {
                var path = Path.Combine(dir, "obs.csv");
                e.Run("Invoke-CadcTap \"SELECT collection, observationID, sequenceNumber FROM caom2.Observation WHERE collection = 'MOST' ORDER BY observationID\" -OutFile $p -OutFormat Csv", Engine.Vars(("p", path))).AssertNoErrors();
                var lines = File.ReadAllLines(path);
                Assert.Equal("collection,observationID,sequenceNumber", lines[0]);
                Assert.Equal(26, lines.Length);
                Assert.All(lines.Skip(1), l => Assert.StartsWith("MOST,", l));
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void OutFile_WhatIf_WritesNothing_AndSendsNoQuery()
        {
            using var server = new LoopbackServer(ctx => { ctx.Response.StatusCode = 500; return Task.CompletedTask; });
            using var e = new Engine();
            var path = Path.Combine(Path.GetTempPath(), "cadcps-whatif-" + Guid.NewGuid().ToString("N") + ".xml");
            e.Run("Invoke-CadcTap 'SELECT 1' -Service $u -OutFile $p -WhatIf", Engine.Vars(("u", server.BaseUrl + "/tap"), ("p", path))).AssertNoErrors();
            Assert.False(File.Exists(path));
            Assert.Empty(server.Requests);
        }

        [Fact]
        public void OutFile_WhenTheQueryFails_LeavesNoFile()
        {
            using var e = Engine.ForSandbox();
            var dir = Directory.CreateTempSubdirectory("cadcps-").FullName;
            try
            {
                var r = e.Run("Invoke-CadcTap 'SELECT nosuch FROM caom2.Observation' -OutFile $p", Engine.Vars(("p", Path.Combine(dir, "x.xml"))));
                Assert.StartsWith("TapQueryError,", r.SingleError().FullyQualifiedErrorId);
                Assert.Empty(Directory.GetFiles(dir));
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void Verbose_ShowsTheServiceUrlFromTheRegistry_AndTheRequest()
        {
            using var e = Engine.ForSandbox();
            // No disk cache (another test, or process, may have left the registry there): this run reads it.
            var r = e.Run("Set-CadcConfiguration -DocumentCacheSec 0; Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Verbose").AssertNoErrors();
            var verbose = string.Join("\n", r.Verbose);
            Assert.Contains("TAP service: http://127.0.0.1:8089/tap", verbose);
            Assert.Contains("POST http://127.0.0.1:8089/tap/sync", verbose);
            Assert.Contains("GET " + Sandbox.RegistryUrl, verbose);
            Assert.Contains("QUERY=SELECT TOP 1 obsID FROM caom2.Observation", verbose);
        }

        [Fact]
        public void TheRegistryIsReadOncePerSession()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Set-CadcConfiguration -DocumentCacheSec 0; 1..3 | ForEach-Object { Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Verbose }").AssertNoErrors();
            Assert.Equal(3, r.Output.Count);
            Assert.Single(r.Verbose, v => v.Contains("GET " + Sandbox.RegistryUrl));
            Assert.Single(r.Verbose, v => v.StartsWith("GET ", StringComparison.Ordinal) && v.Contains("/reg/argus/capabilities"));
        }

        [Theory]
        [InlineData("-RegistryUrl 'not a url'", "InvalidRegistryUrl", ErrorCategory.InvalidArgument)]
        // CADC_REGISTRY_URL names the (working) sandbox registry: the parameter must win over it.
        [InlineData("-RegistryUrl 'http://127.0.0.1:9/reg/resource-caps'", "RegistryUnavailable", ErrorCategory.ConnectionError)]
        [InlineData("-Service 'ivo://cadc.nrc.ca/nosuchservice'", "ServiceNotInRegistry", ErrorCategory.ObjectNotFound)]
        [InlineData("-Service 'ivo://cadc.nrc.ca/gms'", "CapabilityNotFound", ErrorCategory.ObjectNotFound)]
        [InlineData("-Service 'ftp://example.org/tap'", "InvalidServiceUrl", ErrorCategory.InvalidArgument)]
        public void BadServiceConfiguration_GivesATypedError(string args, string errorId, ErrorCategory category)
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' " + args);
            var error = r.SingleError();
            Assert.Equal(errorId + ",CadcPS.Commands.InvokeCadcTapCommand", error.FullyQualifiedErrorId);
            Assert.Equal(category, error.CategoryInfo.Category);
            Assert.Empty(r.Output);
            Assert.DoesNotContain("   at ", error.Exception.Message);
        }

        [Fact]
        public void AnUnreachableService_IsAConnectionFailedError()
        {
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT 1' -Service 'http://127.0.0.1:9/tap'").SingleError();
            Assert.StartsWith("ConnectionFailed,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        }

        [Fact]
        public void HttpErrors_AreTyped_WithTheServersMessage()
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.StatusCode = 503;
                // Retried at once, not after ~30 s of back-off: the error is what this test is about (RetryTests: the waits).
                ctx.Response.AddHeader("Retry-After", "0");
                ctx.Response.ContentType = "text/plain";
                await LoopbackServer.WriteAsync(ctx.Response, "archive down for maintenance");
            });
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT 1' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap"))).SingleError();
            Assert.StartsWith("ServiceUnavailable,", error.FullyQualifiedErrorId);
            Assert.Contains("archive down for maintenance", error.Exception.Message);
            Assert.Equal(6, server.Requests.Count);
        }

        [Fact]
        public void TheRequest_IsATapSyncPost_WithUserAgentNamingModuleAndPowerShell()
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                await LoopbackServer.WriteAsync(ctx.Response, VOTableText.Head(("n", "int", null)) + VOTableText.Row(1) + VOTableText.Tail());
            });
            using var e = new Engine();
            e.Run("Invoke-CadcTap 'SELECT 1 AS n' -Service $u -MaxRecords 10", Engine.Vars(("u", server.BaseUrl + "/tap"))).AssertNoErrors();
            var request = Assert.Single(server.Requests);
            Assert.Equal("POST", request.Method);
            Assert.Equal("/tap/sync", request.PathAndQuery);
            var form = request.Body.Split('&').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => Uri.UnescapeDataString(kv[1].Replace('+', ' ')));
            Assert.Equal("ADQL", form["LANG"]);
            Assert.Equal("doQuery", form["REQUEST"]);
            Assert.Equal("SELECT 1 AS n", form["QUERY"]);
            Assert.Equal("10", form["MAXREC"]);
            Assert.Equal("votable", form["RESPONSEFORMAT"]);
            var v = ModuleTests.Manifest().Version;
            Assert.Matches(@"^CadcPS/" + System.Text.RegularExpressions.Regex.Escape(new Version(v.Major, v.Minor, Math.Max(v.Build, 0)).ToString()) + @" \(PowerShell 7\.\d+\.\d+[^;]*; .+\)$", request.UserAgent);
        }

        [Fact]
        public void DuplicateColumnNames_BecomeUniqueAndPredictable_KeepingTheServersCase()
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                await LoopbackServer.WriteAsync(ctx.Response,
                    VOTableText.Head(("obsID", "char", "*"), ("obsID", "char", "*"), ("OBSID", "char", "*"), ("Collection", "char", "*"))
                    + VOTableText.Row("a", "b", "c", "CFHT") + VOTableText.Tail());
            });
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap 'SELECT o.obsID, p.obsID FROM caom2.Observation o JOIN caom2.Plane p USING (obsID)' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap"))).AssertNoErrors();
            var row = Assert.Single(r.Output);
            Assert.Equal(new[] { "obsID", "obsID_2", "OBSID_3", "Collection" }, row.Properties.Select(p => p.Name).ToArray());
            Assert.Equal(new object?[] { "a", "b", "c", "CFHT" }, row.Properties.Select(p => p.Value).ToArray());
        }

        [Fact]
        public void RowsReachThePipeline_BeforeTheResponseEnds()
        {
            using var firstRowSeen = new ManualResetEventSlim();
            var secondHalfSentAfterFirstRowSeen = false;
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                ctx.Response.SendChunked = true;
                var text = VOTableText.Head(("i", "int", null), ("name", "char", "*"));
                for (var i = 0; i < 50; i++) text += VOTableText.Row(i, "row" + i);
                await LoopbackServer.WriteAsync(ctx.Response, text);
                // Hold the second half back until the first row has come out of the cmdlet (or give up).
                secondHalfSentAfterFirstRowSeen = firstRowSeen.Wait(TimeSpan.FromSeconds(20));
                text = "";
                for (var i = 50; i < 100; i++) text += VOTableText.Row(i, "row" + i);
                await LoopbackServer.WriteAsync(ctx.Response, text + VOTableText.Tail());
            });
            using var e = new Engine();
            using var ps = e.Create("Invoke-CadcTap 'SELECT i, name FROM t' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap")));
            var output = new PSDataCollection<PSObject>();
            output.DataAdded += (_, _) => firstRowSeen.Set();
            var started = ps.BeginInvoke<PSObject, PSObject>(null, output);
            Assert.True(started.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60)), "query did not finish");
            ps.EndInvoke(started);
            Assert.True(secondHalfSentAfterFirstRowSeen, "the first row only came out after the whole response was sent");
            Assert.Equal(100, output.Count);
            Assert.Equal(Enumerable.Range(0, 100), output.Select(o => (int)RunResult.Value(o, "i")!));
        }

        [Fact]
        public void Stop_CancelsTheRequestAtOnce()
        {
            using var connectionClosed = new ManualResetEventSlim();
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                ctx.Response.SendChunked = true;
                await LoopbackServer.WriteAsync(ctx.Response, VOTableText.Head(("i", "int", null)) + VOTableText.Row(1));
                try
                {
                    // A service that stalls: keep the connection open, sending a little now and then, until the client goes.
                    for (var i = 0; i < 600; i++)
                    {
                        await Task.Delay(100);
                        await LoopbackServer.WriteAsync(ctx.Response, " ");
                    }
                }
                catch (Exception) { connectionClosed.Set(); }
            });
            using var e = new Engine();
            using var ps = e.Create("Invoke-CadcTap 'SELECT i FROM t' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap")));
            using var firstRow = new ManualResetEventSlim();
            var output = new PSDataCollection<PSObject>();
            output.DataAdded += (_, _) => firstRow.Set();
            var started = ps.BeginInvoke<PSObject, PSObject>(null, output);
            Assert.True(firstRow.Wait(TimeSpan.FromSeconds(30)), "no row arrived");
            var clock = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(started.IsCompleted);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Stop took {clock.Elapsed}");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.True(connectionClosed.Wait(TimeSpan.FromSeconds(10)), "the server never saw the connection close");
        }

        [Fact]
        public void AnErrorAfterSomeRows_IsReportedAfterThoseRows()
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                await LoopbackServer.WriteAsync(ctx.Response, VOTableText.Head(("i", "int", null)) + VOTableText.Row(1) + VOTableText.Row(2)
                    + "</TABLEDATA></DATA>\n</TABLE>\n<INFO name=\"QUERY_STATUS\" value=\"ERROR\">Query timed out after 2 rows</INFO>\n</RESOURCE>\n</VOTABLE>\n");
            });
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap 'SELECT i FROM t' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap")));
            Assert.Equal(2, r.Output.Count);
            var error = r.SingleError();
            Assert.StartsWith("TapQueryError,", error.FullyQualifiedErrorId);
            Assert.Contains("Query timed out after 2 rows", error.Exception.Message);
        }

        [Fact]
        public void ATruncatedResponse_IsAnError_NotASilentShortResult()
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                await LoopbackServer.WriteAsync(ctx.Response, VOTableText.Head(("i", "int", null)) + VOTableText.Row(1) + "<TR><TD>2</T");
            });
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap 'SELECT i FROM t' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap")));
            Assert.Single(r.Output);
            Assert.StartsWith("InvalidResponse,", r.SingleError().FullyQualifiedErrorId);
        }
    }
}
