using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Tap;
using Cadc.Core.Tests.VOTable;
using Cadc.Core.VOTable;
using Xunit;

namespace Cadc.Core.Tests.Reliability
{
    /// <summary>TapResultFile against servers that never stop or ignore MAXREC: the save stops when asked, and keeps to the limit.</summary>
    public sealed class ResultFileTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-resultfile-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        /// <summary>A server whose answer never ends: the VOTable head, then rows for as long as the client reads.</summary>
        private static RawHttpServer Endless(bool gzip) => new RawHttpServer(async (_, c) =>
        {
            await c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml", "Content-Length: 100000000000", gzip ? "Content-Encoding: gzip" : ""));
            var rows = Encoding.UTF8.GetBytes(Votable.Rows(Enumerable.Range(0, 2000).ToArray()));
            await c.SendAsync(gzip ? Gzip(Encoding.UTF8.GetBytes(Votable.Head)) : Encoding.UTF8.GetBytes(Votable.Head));
            var block = gzip ? Gzip(rows) : rows; // gzip members, one after another, decode as one stream
            while (true) await c.SendAsync(block);
        });

        private static byte[] Gzip(byte[] data)
        {
            var s = new MemoryStream();
            using (var z = new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
            return s.ToArray();
        }

        [Theory]
        [InlineData(TapFileFormat.VOTable, true)]
        [InlineData(TapFileFormat.Csv, true)]
        [InlineData(TapFileFormat.VOTable, false)]
        [InlineData(TapFileFormat.Csv, false)]
        public async Task Cancelling_AnEndlessAnswer_EndsTheSaveAtOnce_AndLeavesNoFile(TapFileFormat format, bool gzip)
        {
            // The save loop never looked at the stop token: after Ctrl+C the .part kept growing (rows arrive as fast as read).
            using var server = Endless(gzip);
            var path = Path.Combine(_dir, "result.out");
            using var stop = new CancellationTokenSource();
            var call = new CadcCall(FaultKit.Context(), NullLog.Instance, stop.Token, service: server.Url("tap").AbsoluteUri);
            var service = await TapService.ResolveAsync(call);
            var save = Task.Run(() => TapResultFile.SaveAsync(service, new TapQuery("SELECT n FROM t"), path, format, call));
            var part = path + ".part";
            for (var i = 0; i < 200 && !(File.Exists(part) && new FileInfo(part).Length > 1_000_000); i++) await Task.Delay(50);
            Assert.True(File.Exists(part) && new FileInfo(part).Length > 1_000_000, "the save did not get going");
            var clock = Stopwatch.StartNew();
            stop.Cancel();
            var ended = await Task.WhenAny(save, Task.Delay(TimeSpan.FromSeconds(10))) == save;
            Assert.True(ended && clock.Elapsed < TimeSpan.FromSeconds(1), $"the save went on {clock.Elapsed.TotalSeconds:0.0} s after the cancel");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => save);
            Assert.Empty(FaultKit.Files(_dir));
        }

        /// <summary>A server that ignores MAXREC: it answers <paramref name="document"/> whatever was asked.</summary>
        private static RawHttpServer Ignoring(string document) => new RawHttpServer(async (_, c) =>
        {
            var bytes = Encoding.UTF8.GetBytes(document);
            await c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml", $"Content-Length: {bytes.Length}"));
            await c.SendAsync(bytes);
        });

        private static readonly TestColumn[] Cols =
        {
            new("n", "int"), new("name", "char", "*"), new("v", "double", "*"), new("s", "char", "8"),
        };

        private static object?[][] Rows(int count)
            => Enumerable.Range(1, count).Select(i => new object?[] { i, i % 3 == 0 ? null : "row " + i, i % 2 == 0 ? null : new[] { i * 0.5, -i * 1.0 }, "s" + i }).ToArray();

        private async Task<TapResultFile.Saved> Save(RawHttpServer server, long? maxRecords, TapFileFormat format, string path)
        {
            var call = new CadcCall(FaultKit.Context(), NullLog.Instance, CancellationToken.None, service: server.Url("tap").AbsoluteUri);
            var service = await TapService.ResolveAsync(call);
            return await FaultKit.Within(() => TapResultFile.SaveAsync(service, new TapQuery("SELECT * FROM t") { MaxRecords = maxRecords }, path, format, call));
        }

        [Theory]
        [InlineData("TABLEDATA", 1)]
        [InlineData("TABLEDATA", 0)]
        [InlineData("BINARY", 1)]
        [InlineData("BINARY", 2)]
        [InlineData("BINARY2", 2)]
        [InlineData("BINARY2", 0)]
        public async Task AServerThatIgnoresMaxrec_GivesAValidVOTableFile_OfExactlyMaxRecordsRows(string encoding, int max)
        {
            // The file had the 3 rows served when 1 was asked.
            var rows = Rows(3);
            var served = VOTableTestWriter.Document(Cols, rows, encoding,
                trailer: "<INFO name=\"after\" value=\"x\"/>\n");
            served = served.Replace("<TABLE>", "<TABLE name=\"t\">\n<DESCRIPTION>kept</DESCRIPTION>");
            using var server = Ignoring(served);
            var path = Path.Combine(_dir, "result.xml");
            var saved = await Save(server, max, TapFileFormat.VOTable, path);
            Assert.Equal(max, saved.Rows);
            Assert.True(saved.Overflowed);
            Assert.Equal(new[] { "result.xml" }, FaultKit.Files(_dir));
            using var file = File.OpenRead(path);
            using var reader = VOTableReader.Open(file);
            Assert.Equal(Cols.Select(c => c.Name), reader.Fields.Select(f => f.Name));
            var read = new List<object?[]>();
            object?[]? row;
            while ((row = reader.ReadRow()) != null) read.Add(row);
            Assert.Equal(max, read.Count);
            for (var r = 0; r < max; r++) Assert.Equal(rows[r].Select(VOTableTestWriter.Expected), read[r]);
            Assert.Equal("OVERFLOW", reader.QueryStatus);
            var text = File.ReadAllText(path);
            Assert.Contains("<DESCRIPTION>kept</DESCRIPTION>", text);
            Assert.Contains(encoding == "TABLEDATA" ? "<TABLEDATA>" : $"<{encoding}>", text);
        }

        [Fact]
        public async Task AServerThatKeepsToMaxrec_IsSavedByteForByte()
        {
            var served = VOTableTestWriter.Document(Cols, Rows(3), "BINARY2", trailer: "<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\"/>\n");
            using var server = Ignoring(served);
            var path = Path.Combine(_dir, "result.xml");
            var saved = await Save(server, 3, TapFileFormat.VOTable, path);
            Assert.Equal(3, saved.Rows);
            Assert.True(saved.Overflowed);
            Assert.Equal(served, File.ReadAllText(path));
        }

        [Fact]
        public async Task AServerThatIgnoresMaxrec_GivesACsvOfExactlyMaxRecordsRows()
        {
            using var server = Ignoring(VOTableTestWriter.Document(Cols, Rows(3), "TABLEDATA"));
            var path = Path.Combine(_dir, "result.csv");
            var saved = await Save(server, 1, TapFileFormat.Csv, path);
            Assert.Equal(1, saved.Rows);
            Assert.True(saved.Overflowed);
            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length); // the header and one row
            Assert.StartsWith("1,", lines[1]);
        }
    }
}
