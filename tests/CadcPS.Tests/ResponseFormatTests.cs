using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>
    /// -ResponseFormat offers and sends what the service's TAP capability advertises (issue 15, item 9): CADC's argus
    /// lists application/x-votable+xml (alias votable) and text/xml, both TABLEDATA, and answers "unknown format" to
    /// DaCHS's votable/td, votable/b, votable/b2. TableData, Binary and Binary2 map to what each service offers.
    /// </summary>
    public sealed class ResponseFormatTests
    {
        /// <summary>CADC's real argus capabilities (astroquery's tap_caps.xml, 2019), as its host serves them.</summary>
        private static readonly string ArgusCapabilities = Path.Combine(Repo.Root, "..", "shared", "fixtures", "astroquery", "astroquery", "cadc", "tests", "data", "tap_caps.xml");

        private static readonly string Table = VOTableText.Head(("n", "int", null)) + VOTableText.Row(1) + VOTableText.Row(2) + VOTableText.Tail();

        /// <summary>
        /// CADC's registry and argus on one loopback port: the real capabilities with their host rewritten, and a sync
        /// endpoint that takes RESPONSEFORMAT as cadc-tap-server's DefaultTableWriter does (the MIME base type or a known alias).
        /// </summary>
        private sealed class Argus : IDisposable
        {
            private static readonly string[] Known = { "application/x-votable+xml", "text/xml", "text/xml;content=x-votable", "text/csv", "text/tab-separated-values", "votable", "csv", "tsv", "rss", "application/rss+xml" };

            public Argus()
            {
                Server = new LoopbackServer(async ctx =>
                {
                    var b = Server!.BaseUrl;
                    switch (ctx.Request.Url!.AbsolutePath)
                    {
                        case "/reg/resource-caps":
                            await Answer(ctx, "text/plain", $"ivo://cadc.nrc.ca/argus = {b}/argus/capabilities\n");
                            return;
                        case "/argus/capabilities":
                            await Answer(ctx, "text/xml", File.ReadAllText(ArgusCapabilities).Replace("https://www.cadc-ccda.hia-iha.nrc-cnrc.gc.ca", b, StringComparison.Ordinal));
                            return;
                        case "/argus/sync":
                            var form = System.Web.HttpUtility.ParseQueryString(Server.Requests.Last(r => r.PathAndQuery == "/argus/sync").Body);
                            var format = form["RESPONSEFORMAT"] ?? "votable";
                            var baseType = format.Split(';')[0].Trim();
                            if (!Known.Contains(baseType) && !Known.Contains(format))
                            {
                                await Answer(ctx, "application/x-votable+xml", "<?xml version=\"1.0\"?><VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\"><RESOURCE type=\"results\">"
                                    + $"<INFO name=\"QUERY_STATUS\" value=\"ERROR\">unknown format: {format}</INFO></RESOURCE></VOTABLE>", 400);
                                return;
                            }
                            await Answer(ctx, "application/x-votable+xml", Table);
                            return;
                        default:
                            await Answer(ctx, "text/plain", "not found", 404);
                            return;
                    }
                });
            }

            public LoopbackServer Server { get; }
            public string RegistryUrl => Server.BaseUrl + "/reg/resource-caps";

            /// <summary>RESPONSEFORMAT of each sync query received.</summary>
            public string?[] SentFormats => Server.Requests.Where(r => r.PathAndQuery == "/argus/sync")
                .Select(r => System.Web.HttpUtility.ParseQueryString(r.Body)["RESPONSEFORMAT"]).ToArray();

            private static async Task Answer(HttpListenerContext ctx, string type, string body, int status = 200)
            {
                ctx.Response.StatusCode = status;
                ctx.Response.ContentType = type;
                await LoopbackServer.WriteAsync(ctx.Response, body);
            }

            public void Dispose() => Server.Dispose();
        }

        private static string[] Completions(Engine e, string line)
        {
            var r = e.Run("$s = $line; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText", Engine.Vars(("line", line))).AssertNoErrors();
            return r.Output.Select(o => o.ToString()).ToArray();
        }

        [Fact]
        public void Completion_AgainstCadc_OffersWhatArgusAdvertises_AndNoDachsAlias()
        {
            using var argus = new Argus();
            using var e = new Engine();
            var offered = Completions(e, $"Invoke-CadcTap x -RegistryUrl '{argus.RegistryUrl}' -ResponseFormat ");
            Assert.Equal(new[] { "TableData", "votable", "application/x-votable+xml", "text/xml" }, offered);
            var partial = Completions(e, $"Invoke-CadcTap x -RegistryUrl '{argus.RegistryUrl}' -ResponseFormat votable/");
            Assert.Empty(partial);
        }

        [Fact]
        public void TableData_IsSentToCadc_AsArgusAdvertisesIt()
        {
            using var argus = new Argus();
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap 'SELECT n FROM t' -RegistryUrl $r -ResponseFormat TableData", Engine.Vars(("r", argus.RegistryUrl))).AssertNoErrors();
            Assert.Equal(2, r.Output.Count);
            Assert.Equal(new[] { "application/x-votable+xml" }, argus.SentFormats);
            // what argus lists is sent as listed, whatever the case typed
            e.Run("Invoke-CadcTap 'SELECT n FROM t' -RegistryUrl $r -ResponseFormat TEXT/XML", Engine.Vars(("r", argus.RegistryUrl))).AssertNoErrors();
            Assert.Equal("text/xml", argus.SentFormats.Last());
        }

        [Theory]
        [InlineData("votable/b2")]
        [InlineData("votable/td")]
        [InlineData("Binary2")]
        public void AFormatArgusDoesNotOffer_IsRefusedBeforeTheQuery_NamingWhatItOffers(string format)
        {
            using var argus = new Argus();
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT n FROM t' -RegistryUrl $r -ResponseFormat $f", Engine.Vars(("r", argus.RegistryUrl), ("f", format))).SingleError();
            Assert.StartsWith("UnsupportedResponseFormat,", error.FullyQualifiedErrorId);
            Assert.Contains(format, error.Exception.Message);
            Assert.Contains("TableData", error.Exception.Message);
            Assert.Contains("text/xml", error.Exception.Message);
            Assert.Empty(argus.SentFormats);
            Assert.Contains("-ResponseFormat", error.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void ACsvFormatArgusOffers_IsStillRefused_PointingToOutFormat()
        {
            using var argus = new Argus();
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT n FROM t' -RegistryUrl $r -ResponseFormat csv", Engine.Vars(("r", argus.RegistryUrl))).SingleError();
            Assert.StartsWith("UnsupportedResponseFormat,", error.FullyQualifiedErrorId);
            Assert.Contains("-OutFormat Csv", error.ErrorDetails.RecommendedAction);
            Assert.Empty(argus.SentFormats);
        }

        [Fact]
        public void Completion_AgainstTheSandbox_OffersDachsSerializations()
        {
            Sandbox.Require();
            using var e = new Engine();
            var offered = Completions(e, "Invoke-CadcTap x -ResponseFormat ");
            foreach (var f in new[] { "TableData", "Binary", "Binary2", "votable", "votable/td", "votable/b2", "'application/x-votable+xml;serialization=BINARY2'" })
                Assert.Contains(f, offered);
            Assert.DoesNotContain("csv", offered);
            Assert.DoesNotContain("fits", offered);
            Assert.Equal(new[] { "Binary", "Binary2" }, Completions(e, "Invoke-CadcTap x -ResponseFormat bi"));
        }

        [Theory]
        [InlineData("TableData", "application/x-votable+xml;serialization=TABLEDATA")]
        [InlineData("Binary", "application/x-votable+xml")]   // the sandbox's argus lists DaCHS's plain VOTable as BINARY
        [InlineData("Binary2", "application/x-votable+xml;serialization=BINARY2")]
        public void FriendlyNames_MapToWhatTheSandboxOffers(string friendly, string sent)
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap 'SELECT TOP 3 obsID, calibrationLevel FROM caom2.Plane ORDER BY planeID' -ResponseFormat $f -Verbose", Engine.Vars(("f", friendly))).AssertNoErrors();
            Assert.Equal(3, r.Output.Count);
            Assert.IsType<int>(RunResult.Value(r.Output[0], "calibrationLevel"));
            Assert.Contains(r.Verbose, v => v.EndsWith("RESPONSEFORMAT=" + sent, StringComparison.Ordinal));
        }

        [Fact]
        public void AServiceWithoutCapabilities_GetsTheIvoaTypeForAFriendlyName()
        {
            using var server = new LoopbackServer(async ctx =>
            {
                if (!ctx.Request.Url!.AbsolutePath.EndsWith("/sync", StringComparison.Ordinal)) { ctx.Response.StatusCode = 404; return; }
                ctx.Response.ContentType = "application/x-votable+xml";
                await LoopbackServer.WriteAsync(ctx.Response, Table);
            });
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap 'SELECT n FROM t' -Service $u -ResponseFormat binary2", Engine.Vars(("u", server.BaseUrl + "/tap"))).AssertNoErrors();
            Assert.Equal(2, r.Output.Count);
            var sync = Assert.Single(server.Requests, q => q.PathAndQuery == "/tap/sync");
            Assert.Equal("application/x-votable+xml;serialization=BINARY2", System.Web.HttpUtility.ParseQueryString(sync.Body)["RESPONSEFORMAT"]);
            Assert.Equal(new[] { "TableData", "Binary", "Binary2", "votable" }, Completions(e, $"Invoke-CadcTap x -Service '{server.BaseUrl}/tap' -ResponseFormat "));
        }
    }
}
