using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>
    /// What the real CADC sends, as a user meets it: BINARY2 char cells in UTF-8 (cadc-dali), a .fits.gz from
    /// data/pub -> 303 -> minoc with Content-Encoding: gzip and a Digest in either form, DataLink rows labelled
    /// caom2#thumbnail under CADC's own (misspelt) vocabulary URI, and caom2.Plane's xtypes. A small server of
    /// this test serves the real fixture documents and bytes (../shared/fixtures) the way CADC's hosts serve them.
    /// </summary>
    public sealed class CadcFormsTests : IDisposable
    {
        private const string Id = "ivo://cadc.nrc.ca/CFHT?282502/282502o";
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-forms-").FullName;
        private readonly MiniCadc _cadc = new MiniCadc();

        public void Dispose()
        {
            _cadc.Dispose();
            Directory.Delete(_dir, true);
        }

        private Dictionary<string, object?> Vars(params (string Name, object? Value)[] more)
        {
            var v = Engine.Vars(("tap", _cadc.Server.BaseUrl + "/argus"), ("dl", _cadc.Server.BaseUrl + "/caom2ops/datalink"), ("d", _dir), ("id", Id));
            foreach (var (name, value) in more) v[name] = value;
            return v;
        }

        // ------------------------------------------------------------------ item 5

        [Fact]
        public void Binary2CharCells_ReadAsCadcWroteThem_InUtf8()
        {
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap 'SELECT target_name FROM caom2.Observation' -Service $tap | ForEach-Object target_name", Vars()).AssertNoErrors();
            Assert.Equal(new[] { "Côté", "M31 (Andromède)", "日本" }, r.Output.Select(o => o.BaseObject));
        }

        // ------------------------------------------------------------------ items 6 and 7

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AFitsGz_FromMinoc_IsSavedAsStored_WithEitherDigestForm(bool legacyDigest)
        {
            _cadc.LegacyDigest = legacyDigest;
            using var e = new Engine();
            var r = e.Run("Save-CadcImage $id -Service $dl -Path $d -PassThru", Vars()).AssertNoErrors();
            var saved = Path.Combine(_dir, "282502o.fits.gz");
            Assert.Equal(new[] { saved }, Directory.GetFiles(_dir));
            Assert.Equal(MiniCadc.Stored, File.ReadAllBytes(saved));               // the gzip bytes, as stored and served
            Assert.Equal(2L, RunResult.Value(Assert.Single(r.Output), "NAXIS"));     // and still readable as FITS
            Assert.Contains(_cadc.Server.Requests, q => q.PathAndQuery.StartsWith("/minoc/files/", StringComparison.Ordinal));
        }

        // ------------------------------------------------------------------ item 8

        [Theory]
        [InlineData("thumbnail")]
        [InlineData("#thumbnail")]
        [InlineData("http://www.openadc.org/caom2#thumbnail")]
        public void SemanticsThumbnail_FindsCadcsCaom2ThumbnailRow(string semantics)
        {
            using var e = new Engine();
            var r = e.Run("Get-CadcDataUrl $id -Service $dl -Semantics $s", Vars(("s", semantics))).AssertNoErrors();
            var link = Assert.Single(r.Output);
            Assert.Equal(_cadc.Server.BaseUrl + "/data/pub/CFHT/282502_preview_256.jpg?RUNID=aqy7icng7ncbafj5", RunResult.Value(link, "Url"));
            Assert.Equal("http://www.openadc.org/caom2#thumbnail", RunResult.Value(link, "Semantics"));
            Assert.Empty(r.Warnings);
        }

        [Fact]
        public void ASemanticsFilterThatMatchesNothing_SaysSo_AndWhatThereIs()
        {
            using var e = new Engine();
            var r = e.Run("Get-CadcDataUrl $id -Service $dl -Semantics preview, auxiliary", Vars()).AssertNoErrors();
            Assert.Equal(2, r.Output.Count);   // the two #preview rows
            var warning = Assert.Single(r.Warnings);
            Assert.Contains("auxiliary", warning);
            Assert.Contains("#preview", warning);
            Assert.Contains("http://www.openadc.org/caom2#thumbnail", warning);
        }

        // ------------------------------------------------------------------ item 11

        private const string PlaneQuery = "SELECT position_bounds, position_bounds_samples, energy_bounds_samples, time_bounds_samples FROM caom2.Plane";

        [Fact]
        public void CaomXtypes_GiveOneTypePerColumn()
        {
            using var e = new Engine();
            var r = e.Run($"Invoke-CadcTap '{PlaneQuery}' -Service $tap", Vars()).AssertNoErrors();
            Assert.Equal(2, r.Output.Count);
            string TypeOf(int row, string column) => RunResult.Value(r.Output[row], column)!.GetType().Name;
            Assert.Equal("SkyPolygon", TypeOf(0, "position_bounds"));
            Assert.Equal("SkyCircle", TypeOf(1, "position_bounds"));
            Assert.Equal("Object[]", TypeOf(0, "position_bounds_samples"));
            Assert.Equal("Object[]", TypeOf(1, "position_bounds_samples"));
            Assert.Equal(new[] { "SkyPolygon", "SkyPolygon" }, ((object[])RunResult.Value(r.Output[0], "position_bounds_samples")!).Select(s => s.GetType().Name));
            Assert.Equal("Interval[]", TypeOf(0, "energy_bounds_samples"));
            Assert.Equal("Interval[]", TypeOf(0, "time_bounds_samples"));   // one interval
            Assert.Equal("Interval[]", TypeOf(1, "time_bounds_samples"));   // two intervals: the same type
            Assert.Equal(2, ((Array)RunResult.Value(r.Output[1], "time_bounds_samples")!).Length);
        }

        [Fact]
        public void Csv_KeepsTheShapeKeywords_AsCadcsOwnCsvDoes()
        {
            using var e = new Engine();
            var path = Path.Combine(_dir, "planes.csv");
            e.Run($"Invoke-CadcTap '{PlaneQuery}' -Service $tap -OutFile $p -OutFormat Csv", Vars(("p", path))).AssertNoErrors();
            var lines = File.ReadAllText(path).Split("\r\n");
            Assert.Equal("position_bounds,position_bounds_samples,energy_bounds_samples,time_bounds_samples", lines[0]);
            Assert.Equal("polygon 10 20 11 20 11 21,polygon 10 20 11 20 11 21 polygon 12 22 13 22 13 23,3E-07 4E-07 5E-07 6E-07,55000.5 55000.6", lines[1]);
            Assert.Equal("circle 10 20 0.5,circle 10 20 0.5,1 2,55000.5 55000.6 55001.5 55001.6", lines[2]);
        }

        /// <summary>
        /// Argus (TAP), caom2ops (DataLink), data/pub and a minoc site on one loopback port, with CADC's documents and
        /// headers: the DataLink answer is the real one of CFHT 282502o, its #this URL is data/pub, which sends 303 to
        /// minoc; minoc serves the stored .fits.gz (the real CADC cutout FITS, gzipped) with its metadata headers.
        /// </summary>
        private sealed class MiniCadc : IDisposable
        {
            private static readonly string FixtureRoot = Path.Combine(Repo.Root, "..", "shared", "fixtures");

            public static readonly byte[] Stored = Gzip(File.ReadAllBytes(Path.Combine(FixtureRoot, "astroquery", "astroquery", "cadc", "tests", "data", "query_images.fits")));

            private static readonly string DataLink = File.ReadAllText(Path.Combine(FixtureRoot, "astroquery", "_history", "8b3a6cfe4a", "astroquery", "cadc", "tests", "data", "datalink_result.xml"));

            public MiniCadc() => Server = new LoopbackServer(Handle);

            public LoopbackServer Server { get; }

            /// <summary>Digest: md5=base64 of the hex text (what cadcutils calls the AD form) instead of base64 of the 16 bytes.</summary>
            public bool LegacyDigest { get; set; }

            private static byte[] Gzip(byte[] data)
            {
                var s = new MemoryStream();
                using (var z = new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
                return s.ToArray();
            }

            private async Task Handle(HttpListenerContext ctx)
            {
                var path = ctx.Request.Url!.AbsolutePath;
                var b = Server.BaseUrl;
                switch (path)
                {
                    case "/argus/sync":
                        var query = System.Web.HttpUtility.ParseQueryString(Server.Requests.Last(r => r.PathAndQuery == "/argus/sync").Body)["QUERY"] ?? "";
                        await Send(ctx, "application/x-votable+xml", Encoding.UTF8.GetBytes(query.Contains("target_name") ? TargetNames() : Planes()));
                        return;
                    case "/caom2ops/datalink":
                        await Send(ctx, "application/x-votable+xml", Encoding.UTF8.GetBytes(DataLink.Replace("https://www.cadc-ccda.hia-iha.nrc-cnrc.gc.ca", b)));
                        return;
                    case "/data/pub/CFHT/282502o.fits.gz":
                        ctx.Response.StatusCode = 303;
                        ctx.Response.RedirectLocation = b + "/minoc/files/cadc:CFHT/282502o.fits.gz";
                        return;
                    case "/minoc/files/cadc:CFHT/282502o.fits.gz":
                        var md5 = Convert.ToHexString(System.Security.Cryptography.MD5.HashData(Stored)).ToLowerInvariant();
                        ctx.Response.AddHeader("Digest", "md5=" + Convert.ToBase64String(LegacyDigest ? Encoding.ASCII.GetBytes(md5) : Convert.FromHexString(md5)));
                        ctx.Response.AddHeader("Content-Encoding", "gzip");
                        ctx.Response.AddHeader("Content-Disposition", "inline; filename=\"282502o.fits.gz\"");
                        ctx.Response.AddHeader("Accept-Ranges", "bytes");
                        await Send(ctx, "application/fits", Stored);
                        return;
                    default:
                        ctx.Response.StatusCode = 404;
                        await Send(ctx, "text/plain", Encoding.UTF8.GetBytes("not found"));
                        return;
                }
            }

            private static async Task Send(HttpListenerContext ctx, string type, byte[] body)
            {
                ctx.Response.ContentType = type;
                ctx.Response.ContentLength64 = body.Length;
                await ctx.Response.OutputStream.WriteAsync(body);
            }

            private const string Head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n"
                + "<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n<TABLE>\n";

            private const string Tail = "</TABLE>\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n</RESOURCE>\n</VOTABLE>\n";

            /// <summary>BINARY2 as cadc-dali writes char: a null-flag byte, then the UTF-8 byte count and the UTF-8 bytes.</summary>
            private static string TargetNames()
            {
                var s = new MemoryStream();
                foreach (var name in new[] { "Côté", "M31 (Andromède)", "日本" })
                {
                    var bytes = Encoding.UTF8.GetBytes(name);
                    s.WriteByte(0);
                    s.Write(new[] { (byte)(bytes.Length >> 24), (byte)(bytes.Length >> 16), (byte)(bytes.Length >> 8), (byte)bytes.Length });
                    s.Write(bytes);
                }
                return Head + "<FIELD name=\"target_name\" datatype=\"char\" arraysize=\"*\" utype=\"caom2:Target.name\"/>\n"
                    + "<DATA><BINARY2><STREAM encoding=\"base64\">" + Convert.ToBase64String(s.ToArray(), Base64FormattingOptions.InsertLineBreaks)
                    + "</STREAM></BINARY2></DATA>\n" + Tail;
            }

            /// <summary>caom2.Plane columns as argus declares and writes them (cadc-dali ShapeFormat, MultiShapeFormat, interval arrays).</summary>
            private static string Planes() => Head
                + "<FIELD name=\"position_bounds\" datatype=\"char\" arraysize=\"*\" xtype=\"shape\" utype=\"caom2:Plane.position.bounds\" unit=\"deg\"/>\n"
                + "<FIELD name=\"position_bounds_samples\" datatype=\"char\" arraysize=\"*\" xtype=\"multishape\" utype=\"caom2:Plane.position.bounds.samples\" unit=\"deg\"/>\n"
                + "<FIELD name=\"energy_bounds_samples\" datatype=\"double\" arraysize=\"*\" xtype=\"multiinterval\" utype=\"caom2:Plane.energy.bounds.samples\" unit=\"m\"/>\n"
                + "<FIELD name=\"time_bounds_samples\" datatype=\"double\" arraysize=\"2x*\" xtype=\"interval\" utype=\"caom2:Plane.time.bounds.samples\" unit=\"d\"/>\n"
                + "<DATA><TABLEDATA>\n"
                + "<TR><TD>polygon 10.0 20.0 11.0 20.0 11.0 21.0</TD><TD>polygon 10.0 20.0 11.0 20.0 11.0 21.0 polygon 12.0 22.0 13.0 22.0 13.0 23.0</TD>"
                + "<TD>3.0E-7 4.0E-7 5.0E-7 6.0E-7</TD><TD>55000.5 55000.6</TD></TR>\n"
                + "<TR><TD>circle 10.0 20.0 0.5</TD><TD>circle 10.0 20.0 0.5</TD><TD>1.0 2.0</TD><TD>55000.5 55000.6 55001.5 55001.6</TD></TR>\n"
                + "</TABLEDATA></DATA>\n" + Tail;

            public void Dispose() => Server.Dispose();
        }
    }
}
