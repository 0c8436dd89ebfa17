using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Cadc.Core.Errors;
using Cadc.Core.VOTable;
using Xunit;
using static Cadc.Core.Tests.VOTable.TableDataScannerTests;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>
    /// The base64 scanner of BINARY and BINARY2 STREAMs against the XmlReader it stands in for: for every document, however
    /// it is cut into reads, the rows, INFOs, QUERY_STATUS and errors (message, line and position) are those of the XmlReader
    /// path. Where the document is broken, the scanner may give more of the whole rows before it than the XmlReader, which
    /// decodes kilobytes at a time, did: the old rows are then the first of the new ones, and the error is the same.
    /// </summary>
    public sealed class Base64ScannerTests
    {
        private static readonly TestColumn[] Cols =
        {
            new("i", "int"), new("d", "double"), new("s", "char", "*"), new("b", "boolean"), new("v", "short", "*"), new("t", "char", "*", "timestamp"),
        };

        private static object?[] Row(int n) => new object?[]
        {
            n, n * 0.25, n % 5 == 0 ? null : new string('s', n % 17) + "é", n % 3 == 0, n % 4 == 0 ? null : Enumerable.Range(0, n % 6).Select(k => (short)(k * n)).ToArray(),
            n % 7 == 0 ? null : new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(n),
        };

        private static byte[] Data(int rows, bool binary2) => VOTableTestWriter.Binary(Cols, Enumerable.Range(0, rows).Select(Row).ToList(), binary2);

        /// <summary>Base64 of the data in lines of <paramref name="line"/> characters (0: one line), each ended by <paramref name="eol"/>.</summary>
        private static string Lines(byte[] data, int line = 76, string eol = "\n", string indent = "")
        {
            var b64 = Convert.ToBase64String(data);
            if (line == 0) return indent + b64;
            var sb = new StringBuilder();
            for (var i = 0; i < b64.Length; i += line) sb.Append(indent).Append(b64, i, Math.Min(line, b64.Length - i)).Append(eol);
            return sb.ToString();
        }

        private static string Fields()
        {
            var sb = new StringBuilder();
            foreach (var c in Cols)
                sb.Append($"<FIELD name=\"{c.Name}\" datatype=\"{c.Datatype}\"").Append(c.ArraySize != null ? $" arraysize=\"{c.ArraySize}\"" : "")
                  .Append(c.XType != null ? $" xtype=\"{c.XType}\"" : "").Append("/>\n");
            return sb.ToString();
        }

        private static string Doc(string encoding, string text, string streamTag = "<STREAM encoding=\"base64\">", string header = "",
            string trailer = "<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\">more rows</INFO>")
            => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n<RESOURCE type=\"results\">"
               + "<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n" + header + "<TABLE>\n" + Fields() + "<DATA><" + encoding + ">" + streamTag + text
               + "</STREAM></" + encoding + "></DATA></TABLE>\n" + trailer + "</RESOURCE></VOTABLE>\n";

        /// <summary>Every element with the prefix v (declared on the root), as some writers send it.</summary>
        private static string Prefixed(string doc) => Regex.Replace(doc, "<(/?)([A-Z]+[A-Z0-9]*)", "<$1v:$2").Replace("xmlns=", "xmlns:v=");

        /// <summary>The rows of a log, and the rest (fields, error, INFOs, status).</summary>
        private static (string[] Rows, string Others) Split(string log)
        {
            var lines = log.Split('\n');
            return (lines.Where(l => l.StartsWith("row: ", StringComparison.Ordinal)).ToArray(),
                string.Join("\n", lines.Where(l => !l.StartsWith("row: ", StringComparison.Ordinal))));
        }

        // The XmlReader's base64 error quotes the text it was decoding, from where that began, and gives that place: kilobytes
        // before the bad character when the XmlReader decoded all, the group of four with it when the scanner handed over there.
        private static readonly Regex Base64Error = new Regex(@"'[^']*' is not a valid Base64 text sequence\. Line \d+, position \d+\. \(\d+,\d+\)");

        /// <summary>The reading equals the XmlReader's (see the class); for a broken document, the XmlReader's rows come first.</summary>
        private static void SameAs(Outcome old, Outcome o, string how)
        {
            if (!old.Log.Contains("error:", StringComparison.Ordinal))
            {
                Assert.True(old.Log == o.Log, $"{how}:\n--- XmlReader\n{old.Log}\n--- scanner\n{o.Log}");
                return;
            }
            var (oldRows, oldRest) = Split(Base64Error.Replace(old.Log, "(not base64)"));
            var (rows, rest) = Split(Base64Error.Replace(o.Log, "(not base64)"));
            Assert.True(oldRest == rest, $"{how}:\n--- XmlReader\n{old.Log}\n--- scanner\n{o.Log}");
            Assert.True(rows.Length >= oldRows.Length && oldRows.SequenceEqual(rows.Take(oldRows.Length)), $"{how}: the XmlReader's rows are not the first of the scanner's");
        }

        private static Outcome Same(byte[] doc, bool cutsToo = true)
        {
            var old = Read(new MemoryStream(doc), false);
            var fast = Read(new MemoryStream(doc), true);
            SameAs(old, fast, "read whole");
            Assert.Equal(0, old.ScannedBytes);
            void Cut(Stream stream, string how)
            {
                var o = Read(stream, true);
                SameAs(old, o, how);
                Assert.True(fast.ScannedBytes == o.ScannedBytes, $"{how}: {o.ScannedBytes} bytes decoded from the bytes, {fast.ScannedBytes} when read whole");
            }
            Cut(new CutStream(doc, 1), "a byte at a time");
            Cut(new CutStream(doc, 7), "7 bytes at a time");
            if (cutsToo)
            {
                foreach (var tag in new[] { "<STREAM", "<v:STREAM", "</STREAM", "</v:STREAM", "<!--", "&" })
                {
                    var at = IndexOfBytes(doc, Encoding.UTF8.GetBytes(tag));
                    if (at < 0) continue;
                    for (var cut = Math.Max(1, at - 3); cut < Math.Min(doc.Length, at + 40); cut++)
                        Cut(new CutStream(doc, 4096, cut), $"cut at {cut}, {tag} at {at}");
                }
            }
            return fast;
        }

        private static IEnumerable<object[]> BothEncodings(Dictionary<string, Func<string, string>> docs)
            => from d in docs
               from encoding in new[] { "BINARY", "BINARY2" }
               let doc = d.Value(encoding)
               from prefixed in new[] { false, true }
               select new object[] { $"{d.Key}, {encoding}{(prefixed ? " (prefixed)" : "")}", prefixed ? Prefixed(doc) : doc };

        private static byte[] D(string encoding, int rows = 40) => Data(rows, encoding == "BINARY2");

        /// <summary>The data of the fewest rows (from 10) that end <paramref name="over"/> bytes after a group of three: base64 with padding.</summary>
        private static byte[] Padded(string encoding, int over)
            => Enumerable.Range(10, 40).Select(n => D(encoding, n)).First(d => d.Length % 3 == over);

        /// <summary>The text with its first 'A' after <paramref name="from"/> written as a character reference.</summary>
        private static string ReferenceForA(string text, int from)
        {
            var at = text.IndexOf('A', from);
            return text.Substring(0, at) + "&#65;" + text.Substring(at + 1);
        }

        // ------------------------------------------------------------------ documents the scanner reads

        public static IEnumerable<object[]> Readable() => BothEncodings(new Dictionary<string, Func<string, string>>
        {
            ["lines of 76"] = e => Doc(e, "\n" + Lines(D(e))),
            ["one line"] = e => Doc(e, Lines(D(e), 0)),
            ["CR LF"] = e => Doc(e, "\r\n" + Lines(D(e), 64, "\r\n")),
            ["CR"] = e => Doc(e, "\r" + Lines(D(e), 64, "\r")),
            ["lines of 75: groups across line breaks"] = e => Doc(e, Lines(D(e), 75)),
            // (no padding: the XmlReader refuses whitespace between two '=', which XML Schema's base64Binary allows)
            ["lines of 1"] = e => Doc(e, Lines(Padded(e, 0), 1, "\r\n")),
            ["indented with spaces and tabs"] = e => Doc(e, "\n" + Lines(D(e), 61, "\n", " \t  ") + "   "),
            ["a space every five characters"] = e => Doc(e, Regex.Replace(Convert.ToBase64String(D(e)), "(.{5})", "$1 ")),
            ["padding: one byte over a group"] = e => Doc(e, Lines(Padded(e, 1))),
            ["padding: two bytes over a group"] = e => Doc(e, Lines(Padded(e, 2))),
            ["one row"] = e => Doc(e, Lines(D(e, 1))),
            ["two rows"] = e => Doc(e, Lines(D(e, 2))),
            ["three rows"] = e => Doc(e, Lines(D(e, 3))),
            ["empty"] = e => Doc(e, ""),
            ["only whitespace"] = e => Doc(e, "\n \t\r\n"),
            ["a STREAM tag with attributes on lines"] = e => Doc(e, Lines(D(e)), streamTag: "<STREAM\n  encoding='base64'\r\n  x=\"a>b\" >"),
            ["false STREAMs in comments and CDATA"] = e => Doc(e, Lines(D(e)), header: "<!-- <STREAM> --><DESCRIPTION><![CDATA[<STREAM a='>'>]]></DESCRIPTION><!--<STREAM x=\"--><INFO name=\"q\" value=\"'\"/>\n"),
            ["many rows across buffers"] = e => Doc(e, Lines(D(e, 6000))),
            ["many rows, one line"] = e => Doc(e, Lines(D(e, 6000), 0)),
            ["trailer with INFOs"] = e => Doc(e, Lines(D(e)), trailer: "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">\n  it failed &amp; stopped\n</INFO><INFO name=\"x\" value=\"y\"/>"),
            ["every type"] = e => VOTableTestWriter.Document(VOTableEncodingTests.Cols, VOTableEncodingTests.Rows, e),
        });

        [Theory]
        [MemberData(nameof(Readable))]
        public void TheScanner_DecodesAsTheXmlReaderDoes(string name, string doc)
        {
            var fast = Same(Encoding.UTF8.GetBytes(doc), cutsToo: doc.Length < 50_000);
            Assert.DoesNotContain("error:", fast.Log);
            var total = DataLength(doc);
            Assert.True(fast.ScannedBytes >= total - 3 && fast.ScannedBytes <= total, $"{name}: {fast.ScannedBytes} of {total} bytes decoded from the bytes");
        }

        /// <summary>The length of the data in the STREAM of a document whose STREAM holds only base64 and whitespace.</summary>
        private static int DataLength(string doc)
        {
            var text = Regex.Match(doc, "<(?:v:)?STREAM(?:[^>\"']|\"[^\"]*\"|'[^']*')*>([^<]*)</(?:v:)?STREAM>").Groups[1].Value;
            return Convert.FromBase64String(Regex.Replace(text, "\\s", "")).Length;
        }

        // Documents with what the scanner leaves to the XmlReader: from there on, the XmlReader decodes.
        public static IEnumerable<object[]> LeftToTheXmlReader() => BothEncodings(new Dictionary<string, Func<string, string>>
        {
            ["a comment between groups"] = e => Doc(e, Lines(D(e)).Insert(80, "<!-- a comment -->")),
            ["a comment in a group"] = e => Doc(e, Lines(D(e)).Insert(82, "<!--\n-->")),
            ["a character reference"] = e => Doc(e, Lines(D(e)).Insert(81, "&#10;&#32;")),
            ["a character reference for a base64 character"] = e => Doc(e, ReferenceForA(Lines(D(e)), 90)),
            ["CDATA"] = e => Doc(e, Lines(D(e)).Insert(160, "<![CDATA[").Insert(300, "]]>")),
            ["a processing instruction"] = e => Doc(e, Lines(D(e)).Insert(160, "<?pi x?>")),
            ["an element after the data"] = e => Doc(e, Lines(D(e)) + "<X a=\"1\"><Y/></X>"),
        });

        [Theory]
        [MemberData(nameof(LeftToTheXmlReader))]
        public void WhatTheScannerDoesNotRead_TheXmlReaderReads_AsBefore(string name, string doc)
        {
            var fast = Same(Encoding.UTF8.GetBytes(doc), cutsToo: doc.Length < 50_000);
            Assert.True(fast.ScannedBytes > 0, $"{name}: nothing decoded from the bytes");
            Assert.True(fast.Rows > 0, $"{name}: no rows");
        }

        // ------------------------------------------------------------------ broken documents: the same errors, at the same place

        public static IEnumerable<object[]> Broken() => BothEncodings(new Dictionary<string, Func<string, string>>
        {
            ["truncated in the text"] = e => Doc(e, Lines(D(e, 400))).Substring(0, Doc(e, Lines(D(e, 400))).Length * 2 / 3),
            ["truncated in a group"] = e => Cut(Doc(e, Lines(D(e, 400), 0)), Doc(e, "").IndexOf("</STREAM>", StringComparison.Ordinal) + 1001),
            ["truncated after a CR"] = e => Cut(Doc(e, Lines(D(e, 400), 64, "\r\n")), Doc(e, "").IndexOf("</STREAM>", StringComparison.Ordinal) + 65),
            ["truncated in the end tag"] = e => Cut(Doc(e, Lines(D(e))), Doc(e, Lines(D(e))).IndexOf("</STREAM>", StringComparison.Ordinal) + 4),
            ["truncated after the STREAM"] = e => Cut(Doc(e, Lines(D(e))), Doc(e, Lines(D(e))).IndexOf("</STREAM>", StringComparison.Ordinal) + 9),
            ["data ending inside a row"] = e => Doc(e, Lines(D(e).Take(D(e).Length - 5).ToArray())),
            ["a character not base64's"] = e => Doc(e, Lines(D(e, 400)).Insert(5000, "!")),
            ["a * in a group"] = e => Doc(e, Lines(D(e, 400)).Insert(5001, "*")),
            ["a byte beyond ASCII"] = e => Doc(e, Lines(D(e, 400)).Insert(4000, "é")),
            ["a control character"] = e => Doc(e, Lines(D(e, 400)).Insert(4000, "\u0001")),
            ["< in the text"] = e => Doc(e, Lines(D(e, 400)).Insert(4000, "< ")),
            ["an unknown entity"] = e => Doc(e, Lines(D(e, 400)).Insert(4000, "&foo;")),
            ["a malformed trailer, lines after the data"] = e => Doc(e, "\n" + Lines(D(e, 400)), trailer: "\n  <INFO name=\"a\" value=\"b\"></INFOX>"),
            ["a malformed trailer after CR LF lines and tabs"] = e => Doc(e, "\r\n" + Lines(D(e, 400), 64, "\r\n", "\t"), trailer: "\r\n\t<INFO name=\"a\" value=\"b\"></INFOX>"),
            ["a malformed trailer after one line"] = e => Doc(e, Lines(D(e, 400), 0), trailer: "<INFO name=\"a\" value=\"b\"></INFOX>"),
            ["a mismatched STREAM end"] = e => Doc(e, Lines(D(e))).Replace("</STREAM>", "</STREAMX>"),
            ["a mismatched STREAM end on the line of the data, after spaces and tabs"] = e => Doc(e, "\n" + Lines(D(e), 0).Insert(40, " \t ") + " \t  ").Replace("</STREAM>", "</STREAMX>"),
        });

        private static string Cut(string doc, int at) => doc.Substring(0, at);

        [Theory]
        [MemberData(nameof(Broken))]
        public void ABrokenStream_IsTheXmlReadersError_AtTheSamePlace(string name, string doc)
        {
            var fast = Same(Encoding.UTF8.GetBytes(doc), cutsToo: doc.Length < 50_000);
            Assert.True(fast.Log.Contains("error:", StringComparison.Ordinal), $"{name}: no error");
            Assert.True(fast.ScannedBytes > 0, $"{name}: nothing decoded from the bytes");
        }

        [Fact]
        public void AnErrorAfterTheData_IsWhereTheDocumentHasIt()
        {
            // the XmlReader never saw the lines the scanner took: its position of the error is the document's all the same
            var doc = Doc("BINARY2", "\r\n" + Lines(D("BINARY2", 400), 64, "\r\n", "\t"), trailer: "\r\n\t<INFO name=\"a\" value=\"b\"></INFOX>");
            var lines = Regex.Split(doc.Substring(0, doc.IndexOf("</INFOX>", StringComparison.Ordinal)), "\r\n|\r|\n");
            var o = Read(new MemoryStream(Encoding.UTF8.GetBytes(doc)), true);
            Assert.True(o.ScannedBytes > 1000);
            Assert.Contains($"Line {lines.Length}, position {lines[^1].Length + 3}.", o.Log);
        }

        [Fact]
        public void OtherEncodings_AreTheXmlReaders()
        {
            var doc = Doc("BINARY2", Lines(D("BINARY2")));
            var latin1 = Encoding.Latin1.GetBytes(doc.Replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\""));
            var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(doc.Replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""))).ToArray();
            foreach (var bytes in new[] { latin1, utf16 })
            {
                var fast = Same(bytes, cutsToo: false);
                Assert.Equal(40, fast.Rows);
                Assert.Equal(0, fast.ScannedBytes);
            }
        }

        // ------------------------------------------------------------------ the shared fixtures

        public static IEnumerable<object[]> StreamFixtures() => VOTableFixtureTests.FilesWith("STREAM");

        [Fact]
        public void TheStreamFixtures_AreThere() => Assert.True(StreamFixtures().Count() >= 3, $"{StreamFixtures().Count()} fixtures with a STREAM");

        [Theory]
        [MemberData(nameof(StreamFixtures))]
        public void EveryStreamFixture_ReadsAsWithTheXmlReader(string file)
        {
            var bytes = File.ReadAllBytes(Fixtures.PathOf(file));
            var fast = Same(bytes, cutsToo: bytes.Length < 200_000);
            // all the data but its last group (padded, or before the end tag) decoded from the bytes
            var total = DataLength(Encoding.UTF8.GetString(bytes));
            Assert.True(fast.ScannedBytes >= total - 3 && fast.ScannedBytes <= total, $"{file}: {fast.ScannedBytes} of {total} bytes decoded from the bytes");
        }

        // Padding before the end: the XmlReader's decoder reads on after it or refuses what follows, depending on where its
        // buffer ends; from the bytes, it is always an error, at the character after the padding (or at the misplaced '=').
        [Theory]
        [InlineData("AAAA=AAA", 4, "'=' where a group of four has no padding")]
        [InlineData("AAAAA=AA", 5, "'=' where a group of four has no padding")]
        [InlineData("AAAAAA=A", 7, "data after the padding")]
        [InlineData("AAAAAAA=AAAA", 8, "data after the padding")]
        [InlineData("AAAAAA==\n  AAAA", 11, "data after the padding")]
        [InlineData("AAAAAA==\n =", 10, "data after the padding")]
        [InlineData("AAAAAA==&#65;AAA", 8, "data after the padding")]
        [InlineData("AAAAAA==<![CDATA[AAAA]]>", 8, "data after the padding")]
        public void PaddingBeforeTheEnd_IsAnError_AtItsPlace(string text, int at, string said)
        {
            var rows = Enumerable.Range(10, 40).First(n => D("BINARY2", n).Length % 3 == 0); // no padding of their own
            var doc = Doc("BINARY2", "\n" + Lines(D("BINARY2", rows), 76) + text);
            var bad = doc.IndexOf("</STREAM>", StringComparison.Ordinal) - text.Length + at;
            var line = doc.Substring(0, bad).Count(c => c == '\n') + 1;
            var position = bad - doc.LastIndexOf('\n', bad - 1);
            foreach (var (stream, how) in new (Stream, string)[] { (new MemoryStream(Encoding.UTF8.GetBytes(doc)), "whole"), (new CutStream(Encoding.UTF8.GetBytes(doc), 1), "a byte at a time"), (new CutStream(Encoding.UTF8.GetBytes(doc), 7), "7 bytes at a time") })
            {
                var o = Read(stream, true);
                Assert.True(o.Log.Contains($"error: The binary data is not valid base64: {said}", StringComparison.Ordinal), how + ": " + o.Log);
                Assert.True(o.Log.Contains($"(line {line}, position {position}). ({line},{position})", StringComparison.Ordinal), $"{how}: not at ({line},{position}): " + o.Log);
                Assert.True(o.Rows == rows, $"{how}: {o.Rows} rows before the error, not {rows}");
            }
        }

        [Fact]
        public void ABadCharacter_IsReportedAtItsGroup()
        {
            var text = Lines(D("BINARY2", 400));
            var doc = Doc("BINARY2", text.Insert(5000, "!"));
            var bad = doc.IndexOf('!');
            var o = Read(new MemoryStream(Encoding.UTF8.GetBytes(doc)), true);
            var at = Regex.Match(o.Log, @"\((\d+),(\d+)\)\r?\n");
            Assert.True(at.Success, o.Log);
            var line = int.Parse(at.Groups[1].Value);
            var offset = doc.Split('\n').Take(line - 1).Sum(l => l.Length + 1) + int.Parse(at.Groups[2].Value) - 1;
            Assert.True(offset <= bad && offset >= bad - 5, $"the error is at offset {offset}, the bad character at {bad}");
            Assert.Equal(doc.Substring(0, bad).Count(c => c == '\n') + 1, line);
        }

        // ------------------------------------------------------------------ streaming

        [Fact]
        public void RowsThatHaveArrived_AreReturned_WithoutWaitingForMore()
        {
            // The XmlReader decoded 8 KiB at a time, so a row waited for the kilobytes after it; from the bytes, a row is out as
            // soon as its groups of four have come.
            var data = D("BINARY2", 400);
            var rowLength = D("BINARY2", 1).Length;
            var text = Convert.ToBase64String(data);
            var groups = (rowLength + 2) / 3 + 1;
            var head = Doc("BINARY2", "");
            head = head.Substring(0, head.IndexOf("</STREAM>", StringComparison.Ordinal)) + "\n" + text.Substring(0, groups * 4);
            var stream = new ThenNothing(Encoding.UTF8.GetBytes(head));
            using var reader = VOTableReader.Open(stream);
            Assert.Equal(0, reader.ReadRow()![0]);
            Assert.False(stream.Stalled, "read beyond a complete row");
        }
    }

    /// <summary>Hostile STREAMs, read with the scanner: a clear error in bounded memory (FaultMatrix: they allocate much).</summary>
    [Collection(Reliability.FaultMatrix.Name)]
    public sealed class Base64ScannerHostileTests
    {
        private const string Head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE version=\"1.4\"><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/>"
                                    + "<FIELD name=\"s\" datatype=\"char\" arraysize=\"*\"/><DATA><BINARY2><STREAM encoding=\"base64\">";

        private const string Tail = "</STREAM></BINARY2></DATA></TABLE></RESOURCE></VOTABLE>";

        [Fact]
        public void AHugeCell_IsResponseTooLarge_InBoundedMemory()
        {
            // a row of one int and a string said to be 2 GB long, then base64 for ever
            var row = Convert.ToBase64String(new byte[] { 0, 0, 0, 0, 1, 0x7F, 0xFF, 0xFF, 0xF0 });
            var doc = new TableDataScannerHostileTests.Generated(Head + row, "AAAA", 400L << 20, Tail);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var ex = Assert.Throws<CadcException>(() =>
            {
                using var reader = VOTableReader.Open(doc);
                while (reader.ReadRow() != null) { }
            });
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.Equal(ErrorIds.ResponseTooLarge, ex.ErrorId);
            Assert.True(allocated < 100L << 20, $"{allocated:N0} bytes allocated");
        }

        [Fact]
        public void WhitespaceForEverInAGroup_EndsInBoundedMemory()
        {
            // one character of a group, then 300 MB of spaces: the XmlReader reads it on (the scanner does not hold it), and the
            // document's end is its error
            var doc = new TableDataScannerHostileTests.Generated(Head + "AAAAAAAAA", " ", 300L << 20, "");
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var ex = Assert.Throws<VOTableFormatException>(() =>
            {
                using var reader = VOTableReader.Open(doc);
                while (reader.ReadRow() != null) { }
            });
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.Contains("truncated", ex.Message);
            Assert.Equal((300L << 20) + Head.Length + 9, doc.Served);
            Assert.True(allocated < 100L << 20, $"{allocated:N0} bytes allocated");
        }
    }
}
