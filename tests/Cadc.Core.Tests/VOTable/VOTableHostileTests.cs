using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using Cadc.Core.Tests.Reliability;
using Cadc.Core.VOTable;
using Xunit;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>VOTables a broken or hostile service may send: every one ends, in bounded memory, with rows or a typed error.</summary>
    public sealed class VOTableHostileTests
    {
        private const string Head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n<RESOURCE type=\"results\">\n<TABLE>\n";

        private static VOTableReader Open(string doc) => VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(doc)));

        /// <summary>Reads at most <paramref name="limit"/> rows: a reader that would go on for ever fails the test instead of hanging it.</summary>
        private static int ReadAtMost(VOTableReader reader, int limit)
        {
            var n = 0;
            while (reader.ReadRow() != null)
                if (++n > limit) throw new Xunit.Sdk.XunitException($"more than {limit} rows from a few bytes");
            return n;
        }

        [Fact]
        public void BinaryRowsOfNoBytes_AreAnError_NotEndlessRows()
        {
            // Every FIELD arraysize="0": each row took no bytes, so the reader returned rows for ever (4 million in 10 s).
            var doc = Head + "<FIELD name=\"a\" datatype=\"int\" arraysize=\"0\"/><FIELD name=\"b\" datatype=\"char\" arraysize=\"0\"/>\n"
                + "<DATA><BINARY><STREAM encoding=\"base64\">AAAAAAAA</STREAM></BINARY></DATA></TABLE></RESOURCE></VOTABLE>";
            using var reader = Open(doc);
            var ex = Assert.Throws<VOTableFormatException>(() => ReadAtMost(reader, 10));
            Assert.Contains("no bytes", ex.Message);
        }

        [Fact]
        public void Binary2RowsOfZeroWidthFields_StillMoveOn_ThroughTheirNullFlags()
        {
            var doc = Head + "<FIELD name=\"a\" datatype=\"int\" arraysize=\"0\"/>\n"
                + "<DATA><BINARY2><STREAM encoding=\"base64\">AAAA</STREAM></BINARY2></DATA></TABLE></RESOURCE></VOTABLE>";
            using var reader = Open(doc);
            Assert.Equal(3, ReadAtMost(reader, 10)); // three bytes: three rows, each its null-flag byte
        }

        [Fact]
        public async Task AnEndlessStreamOfZeroWidthRows_FromAServer_IsInvalidResponse_AtOnce()
        {
            using var server = new RawHttpServer(async (_, c) =>
            {
                await c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml", "Transfer-Encoding: chunked"));
                await c.SendAsync(RawHttpServer.Chunk(Head + "<FIELD name=\"a\" datatype=\"double\" arraysize=\"0\"/>\n<DATA><BINARY><STREAM encoding=\"base64\">"));
                var block = RawHttpServer.Chunk(new string('A', 64 * 1024));
                for (var i = 0; i < 10_000; i++) await c.SendAsync(block);
            });
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"));
            Assert.Empty(outcome.Rows);
            Assert.Equal(ErrorIds.InvalidResponse, outcome.Error?.ErrorId);
            Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(10), "took " + outcome.Elapsed);
        }

        [Theory]
        [InlineData("int", null)]
        [InlineData("int", "*")]
        [InlineData("doubleComplex", "*")]
        [InlineData("bit", "*")]
        public void ABadValueOfAMillionCharacters_IsQuotedShortInTheError(string datatype, string? arraysize)
        {
            // the message quoted the whole cell: an error of megabytes, into the ErrorRecord and the terminal
            var doc = Head + $"<FIELD name=\"a\" datatype=\"{datatype}\"{(arraysize is null ? "" : $" arraysize=\"{arraysize}\"")}/>\n"
                + "<DATA><TABLEDATA><TR><TD>" + new string('x', 1_000_001) + "</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
            using var reader = Open(doc);
            var ex = Assert.Throws<VOTableFormatException>(() => reader.ReadRow());
            Assert.True(ex.Message.Length < 500, $"a message of {ex.Message.Length:N0} characters");
        }

        [Theory]
        [InlineData(8191)]
        [InlineData(8192)]
        [InlineData(8193)]
        [InlineData(20000)]
        public void CellsAroundTheReadersChunk_AreReadWhole_AlsoInPieces(int length)
        {
            var text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26)));
            var doc = Head + "<FIELD name=\"s\" datatype=\"char\" arraysize=\"*\"/>\n<DATA><TABLEDATA>"
                + $"<TR><TD>{text}</TD></TR><TR><TD>{text}<![CDATA[<&>]]>{text}</TD></TR><TR><TD>x &amp; y<!-- c -->{text}</TD></TR>"
                + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
            using var reader = Open(doc);
            Assert.Equal(text, reader.ReadRow()![0]);
            Assert.Equal(text + "<&>" + text, reader.ReadRow()![0]);
            Assert.Equal("x & y" + text, reader.ReadRow()![0]);
            Assert.Null(reader.ReadRow());
        }

        [Fact]
        public void FieldsWithoutAName_AreKeyedByTheirIdOrPosition()
        {
            // name="" made a property with no name: UnexpectedError in PowerShell.
            var doc = Head + "<FIELD name=\"\" datatype=\"int\"/><FIELD datatype=\"int\"/><FIELD name=\" \" ID=\"x\" datatype=\"int\"/><FIELD name=\"col_2\" datatype=\"int\"/>\n"
                + "<DATA><TABLEDATA><TR><TD>1</TD><TD>2</TD><TD>3</TD><TD>4</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
            using var reader = Open(doc);
            Assert.Equal(new[] { "col_1", "col_2_2", "x", "col_2" }, reader.Fields.Select(f => f.Key));
            Assert.Equal(new[] { "", "", " ", "col_2" }, reader.Fields.Select(f => f.Name));
            Assert.Equal(new object?[] { 1, 2, 3, 4 }, reader.ReadRow());
        }

        [Fact]
        public void DuplicateKeys_NeverTakeTheNameOfALaterColumn()
        {
            var doc = Head + string.Concat(new[] { "a", "A", "a_2", "A_2", "a", "psbase" }.Select(n => $"<FIELD name=\"{n}\" datatype=\"int\"/>"))
                + "\n<DATA><TABLEDATA></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
            using var reader = Open(doc);
            Assert.Equal(new[] { "a", "A_3", "a_2", "A_2_2", "a_4", "psbase_" }, reader.Fields.Select(f => f.Key));
        }
    }
}
