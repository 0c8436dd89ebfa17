using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Invoke-CadcTap -OutFile against services that never stop or ignore MAXREC.</summary>
    public sealed class OutFileLimitTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-outfile-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Theory]
        [InlineData("VOTable")]
        [InlineData("Csv")]
        public void Stop_DuringAnEndlessAnswer_EndsAtOnce_AndLeavesNoFile(string format)
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                ctx.Response.SendChunked = true;
                var rows = string.Concat(Enumerable.Range(0, 2000).Select(i => VOTableText.Row(i)));
                await LoopbackServer.WriteAsync(ctx.Response, VOTableText.Head(("i", "int", null)));
                try { while (true) await LoopbackServer.WriteAsync(ctx.Response, rows); }
                catch (Exception) { }
            });
            var path = Path.Combine(_dir, "r.out");
            using var e = new Engine();
            using var ps = e.Create("Invoke-CadcTap 'SELECT i FROM t' -Service $u -OutFile $p -OutFormat $f",
                Engine.Vars(("u", server.BaseUrl + "/tap"), ("p", path), ("f", format)));
            var started = ps.BeginInvoke();
            var part = path + ".part";
            for (var i = 0; i < 300 && !(File.Exists(part) && new FileInfo(part).Length > 2_000_000); i++) Thread.Sleep(50);
            Assert.True(File.Exists(part) && new FileInfo(part).Length > 2_000_000, "the save did not get going");
            var clock = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(started.IsCompleted);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {clock.Elapsed}");
            Thread.Sleep(300);
            Assert.Empty(Directory.GetFiles(_dir));
        }

        [Theory]
        [InlineData("votable/td", "VOTable")]
        [InlineData("votable/b2", "VOTable")]
        [InlineData("votable/td", "Csv")]
        public void AJobsResult_FromDaCHS_IsSavedWithMaxRecordsRows(string responseFormat, string outFormat)
        {
            // DaCHS's job results have MAXREC+1 rows (to show the overflow): -Async -Wait -OutFile -MaxRecords 3 wrote 4.
            var path = Path.Combine(_dir, "job.out");
            using var e = Engine.ForSandbox();
            e.Run("Invoke-CadcTap 'SELECT TOP 10 obsID FROM caom2.Observation ORDER BY obsID' -Async -Wait -MaxRecords 3 -ResponseFormat $f -OutFile $p -OutFormat $o",
                Engine.Vars(("p", path), ("f", responseFormat), ("o", outFormat)), TimeSpan.FromMinutes(2)).AssertNoErrors();
            Assert.Equal(new[] { "job.out" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
            if (outFormat == "Csv")
            {
                Assert.Equal(4, File.ReadAllLines(path).Length); // the header and three rows
                return;
            }
            var doc = XDocument.Load(path);
            var ns = doc.Root!.Name.Namespace;
            if (responseFormat == "votable/td") Assert.Equal(3, doc.Descendants(ns + "TR").Count());
            else
            {
                // one char(*) column in BINARY2: a null-flag byte, a 4-byte length, the bytes; three rows, nothing after
                var bytes = Convert.FromBase64String(doc.Descendants(ns + "STREAM").Single().Value);
                var rows = 0;
                for (var at = 0; at < bytes.Length; rows++) at += 5 + (bytes[at + 1] << 24 | bytes[at + 2] << 16 | bytes[at + 3] << 8 | bytes[at + 4]);
                Assert.Equal(3, rows);
            }
            Assert.Contains(doc.Descendants(ns + "INFO"), i => (string?)i.Attribute("name") == "QUERY_STATUS" && (string?)i.Attribute("value") == "OVERFLOW");
        }

        [Theory]
        [InlineData("votable/td")]
        [InlineData("votable/b2")]
        public void MaxRecords_IsKept_WhenTheServiceIgnoresMaxrec(string responseFormat)
        {
            // A service that answers its 3 rows whatever MAXREC says: the file had 3 rows for -MaxRecords 1.
            using var server = new LoopbackServer(async (ctx, request) =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                var form = Uri.UnescapeDataString(request.Body);
                if (form.Contains("b2", StringComparison.Ordinal) || form.Contains("BINARY2", StringComparison.Ordinal))
                {
                    // three int rows, n = 1, 2, 3, as BINARY2 (a null-flag byte, then the int)
                    var bytes = new byte[] { 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3 };
                    await LoopbackServer.WriteAsync(ctx.Response, VOTableText.Head(("n", "int", null)).Replace("<DATA><TABLEDATA>", "<DATA><BINARY2><STREAM encoding=\"base64\">")
                        + Convert.ToBase64String(bytes) + "</STREAM></BINARY2></DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n");
                }
                else
                    await LoopbackServer.WriteAsync(ctx.Response, VOTableText.Head(("n", "int", null)) + VOTableText.Row(1) + VOTableText.Row(2) + VOTableText.Row(3) + VOTableText.Tail());
            });
            var path = Path.Combine(_dir, "r.xml");
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap 'SELECT n FROM t' -Service $u -MaxRecords 1 -ResponseFormat $f -OutFile $p",
                Engine.Vars(("u", server.BaseUrl + "/tap"), ("p", path), ("f", responseFormat))).AssertNoErrors();
            Assert.Equal(path, Assert.IsType<FileInfo>(r.Output.Single().BaseObject).FullName);
            Assert.Single(r.Warnings, w => w.Contains("truncated at 1 rows"));
            Assert.Equal(new[] { "r.xml" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
            var doc = XDocument.Load(path); // well-formed
            var ns = doc.Root!.Name.Namespace;
            if (responseFormat == "votable/td")
                Assert.Equal(new[] { "1" }, doc.Descendants(ns + "TR").Select(tr => tr.Value));
            else
                Assert.Equal(new byte[] { 0, 0, 0, 0, 1 }, Convert.FromBase64String(doc.Descendants(ns + "STREAM").Single().Value));
            Assert.Contains(doc.Descendants(ns + "INFO"), i => (string?)i.Attribute("name") == "QUERY_STATUS" && (string?)i.Attribute("value") == "OVERFLOW");
        }
    }
}
