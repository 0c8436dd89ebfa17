using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Cadc.Core.Errors;
using Cadc.Core.VOTable;
using Xunit;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>
    /// The TABLEDATA scanner against the XmlReader it stands in for: for every document, however it is cut into reads,
    /// the rows, INFOs, QUERY_STATUS and errors (message, line and position) are those of the XmlReader path.
    /// </summary>
    public sealed class TableDataScannerTests
    {
        private const string Fields = "<FIELD name=\"i\" datatype=\"int\"/><FIELD name=\"d\" datatype=\"double\"/>"
            + "<FIELD name=\"s\" datatype=\"char\" arraysize=\"*\"/><FIELD name=\"t\" datatype=\"char\" arraysize=\"*\" xtype=\"timestamp\"/>"
            + "<FIELD name=\"b\" datatype=\"boolean\"/>\n";

        private const string Utf8Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

        private static string R(object i, object d, object s, object t, object b) => $"<TR><TD>{i}</TD><TD>{d}</TD><TD>{s}</TD><TD>{t}</TD><TD>{b}</TD></TR>";

        internal static readonly string Plain = R(1, 2.5, "abc", "2018-01-01T00:00:01", "T") + "\n" + R(2, "-1e-3", "x y", "", "F") + R("", "NaN", "", "not a date", "?");

        internal static string Doc(string rows, string declaration = Utf8Declaration, string header = "", string dataTag = "<TABLEDATA>",
            string trailer = "<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\">more rows</INFO>")
            => declaration + "<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n<RESOURCE type=\"results\">"
               + "<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n" + header + "<TABLE>\n" + Fields + "<DATA>" + dataTag + rows
               + "</TABLEDATA></DATA></TABLE>" + trailer + "</RESOURCE></VOTABLE>\n";

        /// <summary>Every element with the prefix v (declared on the root), as some writers send it.</summary>
        private static string Prefixed(string doc)
            => Regex.Replace(doc, "<(/?)([A-Z]+)", "<$1v:$2").Replace("xmlns=", "xmlns:v=");

        /// <summary>UTF-8, with ⟦hex bytes⟧ put in as they are (invalid UTF-8 among them).</summary>
        internal static byte[] Bytes(string doc)
        {
            var bytes = new List<byte>();
            foreach (var part in Regex.Split(doc, "(⟦[0-9A-F ]+⟧)"))
            {
                if (part.StartsWith("⟦", StringComparison.Ordinal))
                    bytes.AddRange(part.Trim('⟦', '⟧').Split(' ').Select(h => Convert.ToByte(h, 16)));
                else bytes.AddRange(Encoding.UTF8.GetBytes(part));
            }
            return bytes.ToArray();
        }

        // ------------------------------------------------------------------ what a read gives

        /// <summary>A value as text, exactly: doubles round-trip, timestamps to the tick and with their kind.</summary>
        internal static string Show(object? v) => v is DateTime t ? t.ToString("o", System.Globalization.CultureInfo.InvariantCulture) + " " + t.Kind : VOTableTestWriter.Show(v);

        internal sealed class Outcome
        {
            public string Log = "";
            public long Scanned;
            public long ScannedBytes;
            public int Rows;
        }

        internal static Outcome Read(Stream stream, bool fast)
        {
            var log = new StringBuilder();
            var outcome = new Outcome();
            VOTableReader? reader = null;
            try
            {
                reader = VOTableReader.Open(stream, VOTableLimits.Default, fast);
                log.Append("fields: ").AppendLine(string.Join(",", reader.Fields.Select(f => f.Key + ":" + f.ValueType.Name)));
                object?[]? row;
                while ((row = reader.ReadRow()) != null)
                {
                    outcome.Rows++;
                    log.Append("row: ").AppendLine(string.Join(" | ", row.Select(Show)));
                }
            }
            catch (VOTableFormatException ex) { log.AppendLine($"error: {ex.Message} ({ex.LineNumber},{ex.LinePosition})"); }
            catch (CadcException ex) { log.AppendLine($"error: {ex.ErrorId}: {ex.Message}"); }
            if (reader != null)
            {
                foreach (var info in reader.Infos) log.AppendLine($"info: {info.Name}={info.Value}: {info.Content}");
                log.AppendLine($"status: {reader.QueryStatus}: {reader.QueryStatusMessage}");
                outcome.Scanned = reader.ScannedRows;
                outcome.ScannedBytes = reader.ScannedBinaryBytes;
                reader.Dispose();
            }
            outcome.Log = log.ToString();
            return outcome;
        }

        /// <summary>Reads of at most a few bytes, cut at the given offsets too.</summary>
        internal sealed class CutStream : Cadc.Core.IO.ForwardReadStream
        {
            private readonly byte[] _bytes;
            private readonly int _most;
            private readonly int[] _cuts;
            private int _at;

            public CutStream(byte[] bytes, int most, params int[] cuts)
            {
                _bytes = bytes;
                _most = most;
                _cuts = cuts.OrderBy(c => c).ToArray();
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = Math.Min(Math.Min(count, _most), _bytes.Length - _at);
                foreach (var cut in _cuts)
                    if (cut > _at && cut < _at + n) { n = cut - _at; break; }
                Buffer.BlockCopy(_bytes, _at, buffer, offset, n);
                _at += n;
                return n;
            }
        }

        /// <summary>The scanner's reading equals the XmlReader's, whole, a byte at a time, in 7-byte reads, and cut at every offset near the TABLEDATA tags.</summary>
        private static Outcome Same(byte[] doc, bool cutsToo = true)
        {
            var old = Read(new MemoryStream(doc), false);
            var fast = Read(new MemoryStream(doc), true);
            Assert.Equal(old.Log, fast.Log);
            Assert.Equal(0, old.Scanned);
            // however the reads fall, the XmlReader stops at the TABLEDATA tag and the scanner reads as many rows
            void Cut(Stream stream, string how)
            {
                var o = Read(stream, true);
                Assert.Equal(old.Log, o.Log);
                Assert.True(fast.Scanned == o.Scanned, $"{how}: {o.Scanned} rows scanned, {fast.Scanned} when read whole");
            }
            Cut(new CutStream(doc, 1), "a byte at a time");
            Cut(new CutStream(doc, 7), "7 bytes at a time");
            if (cutsToo)
            {
                foreach (var tag in new[] { "TABLEDATA", "v:TABLEDATA", "/TABLEDATA", "/v:TABLEDATA" })
                {
                    var at = IndexOfBytes(doc, Encoding.UTF8.GetBytes("<" + tag));
                    if (at < 0) continue;
                    for (var cut = Math.Max(1, at - 3); cut < Math.Min(doc.Length, at + 40); cut++)
                        Cut(new CutStream(doc, 4096, cut), $"cut at {cut}, {tag} at {at}");
                }
            }
            return fast;
        }

        internal static int IndexOfBytes(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i + needle.Length <= haystack.Length; i++)
            {
                var k = 0;
                while (k < needle.Length && haystack[i + k] == needle[k]) k++;
                if (k == needle.Length) return i;
            }
            return -1;
        }

        // ------------------------------------------------------------------ documents the scanner reads

        public static IEnumerable<object[]> Readable() => new Dictionary<string, string>
        {
            ["plain"] = Doc(Plain),
            ["entities"] = Doc(R(1, 1, "a&amp;b&lt;c&gt;d&quot;e&apos;f&#65;&#x41;&#x1F600;&#233;&#x10FFFF;", "2018-01-01T00:00:01", "true")
                               + R("&#49;2", "&#x31;.5", "&amp;", "&#50;018-01-01", "&#84;")),
            ["whitespace cells"] = Doc(R(" 7 ", "\n2.5\t", " x ", " 2018-01-01T00:00:01 ", " T ") + R(1, 1, " ", "\n\t", "  ") + R(1, 1, "\r\n", "\t", " ")),
            ["attributes"] = Doc("<TR ID=\"r1\"><TD ref=\"x\">1</TD><TD a='1' b = \"x>y\"\n\tc=\"\"/><TD _x.y-z=\"'\">s</TD><TD a=\"1\" /><TD>T</TD></TR>" + Plain + "<TR ID='2' ><TD>1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["spaces in tags"] = Doc("<TR ><TD />\n<TD\n/><TD\t></TD\r\n><TD>x</TD ><TD/></TR\n>" + Plain + "<TR\n><TD>1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["empty cells"] = Doc("<TR><TD/><TD/><TD/><TD/><TD/></TR><TR><TD></TD><TD></TD><TD></TD><TD></TD><TD></TD></TR>"),
            ["whitespace between"] = Doc("\n  " + Plain.Replace("<TD>", "\n    <TD>").Replace("</TR>", "\n  </TR>\n  ") + "\n"),
            ["crlf"] = Doc(Plain.Replace("</TR>", "</TR>\r\n") + R(3, 3, "a\r\nb\rc\n\r", "x\r", "T")).Replace("\n", "\r\n").Replace("\r\r\n", "\r\n"),
            ["multibyte"] = Doc(R(1, 1, "é日本語😀\u0085\u2028ÿ", "ünïcode", "T") + "\n" + R(2, 2, "Ω", "😀😀", "F")),
            ["no declaration"] = Doc(Plain, declaration: ""),
            ["bom"] = "\uFEFF" + Doc(Plain),
            ["lower case single quotes"] = Doc(Plain, declaration: "<?xml version='1.0' encoding='utf-8'?>"),
            ["declaration without encoding"] = Doc(Plain, declaration: "<?xml version=\"1.0\"?>\n"),
            ["a TABLEDATA with attributes and a line break"] = Doc(Plain, dataTag: "<TABLEDATA\n  a=\"x>y\" b='\"'\n>"),
            ["false TABLEDATA in comments and CDATA"] = Doc(Plain, header: "<!-- <TABLEDATA> --><DESCRIPTION><![CDATA[<TABLEDATA a='>'>]]></DESCRIPTION><!--<TABLEDATA x=\"--><INFO name=\"q\" value=\"'\"/>\n"),
            ["] and ]] in text"] = Doc(Plain + R(1, 1, "a]b]]c]]", "]", "T") + R(1, 1, "]]", "]]]", "T")),
            ["empty TABLEDATA"] = Doc(""),
            ["only whitespace"] = Doc("\n \t\r\n"),
            ["long rows across buffers"] = Doc(string.Concat(Enumerable.Range(0, 3000).Select(n => R(n, n * 0.5, new string('s', n % 300) + "é", "2018-01-01T00:00:01", n % 2 == 0 ? "T" : "F") + (n % 7 == 0 ? "\n" : "")))),
            ["a row larger than the buffer"] = Doc(Plain + R(9, 9, new string('x', 200_000), "", "T") + R(10, 10, "after", "", "F")),
            ["a row the scanner leaves to the XmlReader, then more"] = Doc(Plain + R(9, 9, new string('x', 1_100_000), "", "T") + Plain),
            ["trailer with INFOs"] = Doc(Plain, trailer: "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">\n  it failed &amp; stopped\n</INFO><INFO name=\"x\" value=\"y\"/>"),
            ["end tags with spaces"] = Doc(Plain + "<TR><TD>1</TD ><TD>2</TD><TD>3</TD><TD>4</TD><TD>5</TD></TR >" + Plain).Replace("</TABLEDATA>", "</TABLEDATA >"),
        }.SelectMany(d => new[] { new object[] { d.Key, d.Value }, new object[] { d.Key + " (prefixed)", Prefixed(d.Value) } });

        [Theory]
        [MemberData(nameof(Readable))]
        public void TheScanner_ReadsAsTheXmlReaderDoes(string name, string doc)
        {
            var fast = Same(Bytes(doc), cutsToo: doc.Length < 100_000);
            // every row the scanner's, but for the one over its buffer
            var all = !name.Contains("leaves to the XmlReader", StringComparison.Ordinal);
            Assert.True(fast.Scanned == fast.Rows - (all ? 0 : 1), $"{name}: {fast.Scanned} of {fast.Rows} rows scanned");
            Assert.DoesNotContain("error:", fast.Log);
        }

        // Documents with what the scanner leaves to the XmlReader: that row is the XmlReader's, and the rows after it the scanner's again.
        public static IEnumerable<object[]> LeftToTheXmlReader() => new Dictionary<string, string>
        {
            ["cdata"] = Doc(Plain + R(1, 1, "<![CDATA[a<b&c]]>", "<![CDATA[]]>", "T") + Plain),
            ["comment between rows"] = Doc(Plain + "<!-- a comment -->" + Plain),
            ["comment between cells"] = Doc(Plain + R(1, 1, "x</TD><!-- c --><TD>y", "T", "F").Replace("<TD>T</TD><TD>F</TD>", "<TD>F</TD>") + Plain),
            ["comment in a cell"] = Doc(Plain + R(1, 1, "a<!--x-->b", "", "T") + Plain),
            ["processing instructions"] = Doc(Plain + "<?pi x?>" + R(1, 1, "a<?pi y?>b", "", "T") + Plain),
            ["attributes with a prefix or an entity"] = Doc(Plain + "<TR xml:id=\"r1\"><TD a=\"&amp;\">1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>" + Plain),
            ["a namespace declared on a TD"] = Doc(Plain + "<TR><TD xmlns:q=\"urn:q\" q:a=\"1\">1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>" + Plain),
            ["nine attributes"] = Doc(Plain + "<TR a=\"1\" b=\"1\" c=\"1\" d=\"1\" e=\"1\" f=\"1\" g=\"1\" h=\"1\" i=\"1\"><TD>1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>" + Plain),
            ["unknown element in TR"] = Doc(Plain + R(1, 1, "x", "", "T").Replace("<TR>", "<TR><X a=\"1\"><Y/></X>") + Plain),
            ["unknown element in a cell"] = Doc(Plain + R(1, 1, "a<B>b<C/></B>c", "", "T") + Plain),
            ["unknown element in TABLEDATA"] = Doc(Plain + "<FOO><TR><TD>1</TD></TR></FOO>" + Plain),
            ["text between rows"] = Doc(Plain + "stray text" + Plain),
            ["referenced whitespace"] = Doc(Plain + R(1, 1, "&#32;", "&#x9;&#10;", "T") + R(1, 1, " &#32; ", "&#13;", "T") + Plain),
            ["deep nesting in a cell"] = Doc(Plain + R(1, 1, string.Concat(Enumerable.Repeat("<a>", 20_000)) + "x" + string.Concat(Enumerable.Repeat("</a>", 20_000)), "", "T") + Plain),
        }.SelectMany(d => new[] { new object[] { d.Key, d.Value }, new object[] { d.Key + " (prefixed)", Prefixed(d.Value) } });

        [Theory]
        [MemberData(nameof(LeftToTheXmlReader))]
        public void WhatTheScannerDoesNotRead_TheXmlReaderReads_AsBefore(string name, string doc)
        {
            var fast = Same(Bytes(doc), cutsToo: doc.Length < 50_000);
            var odd = name.StartsWith("referenced whitespace", StringComparison.Ordinal) ? 2 : 1;
            Assert.True(fast.Scanned == fast.Rows - odd, $"{name}: {fast.Scanned} of {fast.Rows} rows scanned, all but {odd}");
            Assert.DoesNotContain("error:", fast.Log);
        }

        // ------------------------------------------------------------------ broken documents: the same errors, at the same place

        public static IEnumerable<object[]> Broken() => new Dictionary<string, string>
        {
            ["truncated in a cell"] = Doc(Plain).Substring(0, Doc(Plain).IndexOf("x y", StringComparison.Ordinal) + 2),
            ["truncated in a tag"] = Doc(Plain).Substring(0, Doc(Plain).IndexOf("x y", StringComparison.Ordinal) + 8),
            ["truncated after a row"] = Doc(Plain).Substring(0, Doc(Plain).LastIndexOf("</TR>", StringComparison.Ordinal) + 5),
            ["truncated after TABLEDATA"] = Doc(Plain).Substring(0, Doc(Plain).IndexOf("</TABLEDATA>", StringComparison.Ordinal) + 12),
            ["< in text"] = Doc(Plain + "\n" + R(1, 1, "a < b", "", "T")),
            ["unknown entity"] = Doc(Plain + R(1, 1, "a &foo; b", "", "T")),
            ["entity without ;"] = Doc(Plain + R(1, 1, "a &amp b", "", "T")),
            ["&#0;"] = Doc(Plain + R(1, 1, "&#0;", "", "T")),
            ["&#xD800;"] = Doc(Plain + R(1, 1, "&#xD800;", "", "T")),
            ["&#xFFFE;"] = Doc(Plain + R(1, 1, "&#xFFFE;", "", "T")),
            ["&#1114112;"] = Doc(Plain + R(1, 1, "&#1114112;", "", "T")),
            ["&#X42; (XML's x is lower case)"] = Doc(Plain + R(1, 1, "&#X42;", "", "T")),
            ["&#;"] = Doc(Plain + R(1, 1, "&#;", "", "T")),
            ["&#x;"] = Doc(Plain + R(1, 1, "&#x;", "", "T")),
            ["&#99999999999;"] = Doc(Plain + R(1, 1, "&#99999999999;", "", "T")),
            ["invalid UTF-8 FF"] = Doc(Plain + "\n" + R(1, 1, "ab⟦FF⟧c", "", "T")),
            ["overlong UTF-8"] = Doc(Plain + R(1, 1, "ab⟦C0 80⟧c", "", "T")),
            ["lone continuation byte"] = Doc(Plain + R(1, 1, "é⟦80⟧c", "", "T")),
            ["truncated UTF-8 sequence"] = Doc(Plain + R(1, 1, "ab⟦E6 97⟧", "", "T")),
            ["UTF-8 of a surrogate"] = Doc(Plain + R(1, 1, "ab⟦ED A0 80⟧", "", "T")),
            ["UTF-8 beyond U+10FFFF"] = Doc(Plain + R(1, 1, "⟦F4 90 80 80⟧", "", "T")),
            ["U+FFFE"] = Doc(Plain + R(1, 1, "a⟦EF BF BE⟧", "", "T")),
            ["a control character"] = Doc(Plain + R(1, 1, "a\u0001b", "", "T")),
            ["vertical tab"] = Doc(Plain + R(1, 1, "a\u000Bb", "", "T")),
            ["]]> in text"] = Doc(Plain + R(1, 1, "a]]>b", "", "T")),
            ["mismatched TD end"] = Doc(Plain + R(1, 1, "x</TX><TD>", "", "T")),
            ["mismatched TR end"] = Doc(Plain + R(1, 1, "x", "", "T").Replace("</TR>", "</TX>")),
            ["mismatched TABLEDATA end"] = Doc(Plain).Replace("</TABLEDATA>", "</TABLEDATAX>"),
            ["an attribute twice"] = Doc(Plain + "<TR a=\"1\" a=\"2\"><TD>1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["an attribute without quotes"] = Doc(Plain + "<TR><TD a=1>1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["an attribute without a value"] = Doc(Plain + "<TR><TD a>1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["attributes not apart"] = Doc(Plain + "<TR><TD a=\"1\"b=\"2\">1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["< in an attribute"] = Doc(Plain + "<TR><TD a=\"<\">1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["a bad entity in an attribute"] = Doc(Plain + "<TR><TD a=\"&x;\">1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["an undeclared prefix"] = Doc(Plain + "<TR><TD q:a=\"1\">1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["an attribute name from a digit"] = Doc(Plain + "<TR><TD 1a=\"1\">1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["a control character in an attribute"] = Doc(Plain + "<TR><TD a=\"\u0001\">1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["an unterminated attribute"] = Doc(Plain + "<TR><TD a=\"1>1</TD><TD>2</TD><TD>3</TD><TD>4</TD><TD>T</TD></TR>"),
            ["too few cells"] = Doc(Plain + "<TR><TD>1</TD></TR>"),
            ["too many cells"] = Doc(Plain + "<TR><TD>1</TD><TD>1</TD><TD>1</TD><TD>1</TD><TD>1</TD><TD>1</TD></TR>"),
            ["an empty row"] = Doc(Plain + "<TR/>"),
            ["not an integer, lines later"] = Doc(Plain + string.Concat(Enumerable.Range(0, 50).Select(n => "\n" + R(n, n, "é" + n, "", "T"))) + "\n   " + R("abc", 1, "", "", "T")),
            ["not a number, after multibyte text on its line"] = Doc(Plain + "\n" + R(1, 1, "日本😀", "", "T") + R(1, "1.2.3", "", "", "T")),
            ["malformed after lines"] = Doc(Plain + "\n\n\r\n" + R(1, 1, "x", "", "T") + "\n  <TR><TD>1</TD><TD 2</TD></TR>"),
            ["malformed on the first line of the rows"] = Doc("<TR><TD>1</TD><TD>2</TD><TD>x</TD><TD/><TD>T</TD></TR><TR><TD>1</TD><TD 2</TD></TR>"),
            ["not an integer, after a row the XmlReader read"] = Doc(Plain + "\n<!-- c -->\n" + R(1, 1, "x", "", "T") + string.Concat(Enumerable.Range(0, 5).Select(n => "\n" + R(n, n, "é" + n, "", "T"))) + "\n   " + R("abc", 1, "", "", "T")),
            ["not a number, after two rows the XmlReader read"] = Doc(Plain + R(1, 1, "<![CDATA[x]]>", "", "T") + "\n" + Plain + "<!--x\ny-->\n" + R(2, 2, "日本😀", "", "T") + "\r\n" + R(3, 3, "é", "", "T") + R(1, "1.2.3", "", "", "T")),
            ["malformed, after two rows the XmlReader read"] = Doc(Plain + R(1, 1, "a<!--\n-->b", "", "T") + "\n\n" + Plain + "<TR ID=\"&amp;\">" + R(2, 2, "x", "", "T").Substring(4) + "\n  é<TR><TD>1</TD><TD 2</TD></TR>"),
            ["a cell over the limit"] = Doc(Plain + R(1, 1, new string('y', (16 << 20) + 1), "", "T")),
        }.SelectMany(d => new[] { new object[] { d.Key, d.Value }, new object[] { d.Key + " (prefixed)", Prefixed(d.Value) } });

        [Theory]
        [MemberData(nameof(Broken))]
        public void ABrokenRow_IsTheXmlReadersError_AtTheSamePlace(string name, string doc)
        {
            var fast = Same(Bytes(doc), cutsToo: doc.Length < 100_000);
            Assert.Contains("error:", fast.Log);
            Assert.True(fast.Scanned >= 1 || name.StartsWith("malformed on the first", StringComparison.Ordinal), $"{name}: {fast.Scanned} rows scanned");
        }

        // ------------------------------------------------------------------ encodings the scanner does not read

        [Fact]
        public void OtherEncodings_AreTheXmlReaders()
        {
            var latin1 = Doc(R(1, 1, "é", "", "T"), declaration: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n");
            var utf16 = Doc(R(1, 1, "é日本", "", "T"), declaration: "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n");
            var ascii = Doc(R(1, 1, "x", "", "T"), declaration: "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n");
            foreach (var doc in new[]
                     {
                         Encoding.Latin1.GetBytes(latin1), Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(utf16)).ToArray(),
                         Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(utf16)).ToArray(),
                         Encoding.Unicode.GetBytes(utf16), Encoding.ASCII.GetBytes(ascii),
                     })
            {
                var fast = Same(doc, cutsToo: false);
                Assert.Equal(1, fast.Rows);
                Assert.Equal(0, fast.Scanned);
            }
            Assert.Contains("row: 1 (Int32) | 1 (Double) | é (String)", Read(new MemoryStream(Encoding.Latin1.GetBytes(latin1)), true).Log);
        }

        // ------------------------------------------------------------------ the shared fixtures

        public static IEnumerable<object[]> TableDataFixtures() => VOTableFixtureTests.FilesWith("TABLEDATA");

        [Fact]
        public void TheTableDataFixtures_AreThere() => Assert.True(TableDataFixtures().Count() >= 15, $"{TableDataFixtures().Count()} fixtures with TABLEDATA");

        [Theory]
        [MemberData(nameof(TableDataFixtures))]
        public void EveryTableDataFixture_ReadsAsWithTheXmlReader(string file)
        {
            var bytes = File.ReadAllBytes(Fixtures.PathOf(file));
            Same(bytes, cutsToo: bytes.Length < 200_000);
        }

        [Fact]
        public void TheScanner_ReadsTheRowsOfTheFixtures()
        {
            // most fixtures are plain TABLEDATA: the scanner must be what reads them, not a path that is never taken
            long scanned = 0, rows = 0;
            var notScanned = new List<string>();
            foreach (var f in TableDataFixtures())
            {
                var o = Read(new MemoryStream(File.ReadAllBytes(Fixtures.PathOf((string)f[0]))), true);
                scanned += o.Scanned;
                rows += o.Rows;
                if (o.Scanned < o.Rows) notScanned.Add($"{f[0]} ({o.Scanned} of {o.Rows})");
            }
            Assert.True(rows > 0 && scanned > rows * 9 / 10, $"{scanned} of {rows} fixture rows scanned; not all in " + string.Join(", ", notScanned));
        }

        [Fact]
        public void ARowDribbledAByteAtATime_IsParsedOnceItsEndHasCome()
        {
            // Parsed again on every byte, a 400 KB row took minutes (the square of its length); once its </TR> is there, it is one parse.
            var doc = Encoding.UTF8.GetBytes(Doc(Plain + R(9, 9, new string('x', 400_000), "2018-01-01T00:00:01", "T") + Plain));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var o = Read(new CutStream(doc, 1), true);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{clock.Elapsed} for {doc.Length:N0} bytes");
            Assert.Equal(7, o.Scanned);
            Assert.Equal(Read(new MemoryStream(doc), false).Log, o.Log);
        }

        [Fact]
        public void AnEndTagWithMuchWhitespace_ReadsAsWithTheXmlReader()
        {
            var doc = Encoding.UTF8.GetBytes(Doc(Plain + R(9, 9, "x", "", "T").Replace("</TR>", "</TR" + new string(' ', 300) + ">") + Plain));
            var old = Read(new MemoryStream(doc), false).Log;
            Assert.Equal(old, Read(new MemoryStream(doc), true).Log);
            // arriving a byte at a time, that row is the XmlReader's, not parsed again on each of its 300 spaces
            var dribbled = Read(new CutStream(doc, 1), true);
            Assert.Equal(old, dribbled.Log);
            Assert.Equal(dribbled.Rows - 1, dribbled.Scanned);
            Assert.Equal(old, Read(new CutStream(doc, 50), true).Log);
        }

        // ------------------------------------------------------------------ values read from the bytes

        private static IEnumerable<string> Texts()
        {
            var fixedTexts = new[]
            {
                "0", "-0", "+1", "007", "-007", "1.", ".5", "-.5", "1e5", "1E+05", "1e-5", "1.5e", "1e+", "e5", "1e-400", "1e400", "1e99999", "--1", "+-1", "1-",
                "123456789012345678", "1234567890123456789", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
                "255", "256", "-1", "32767", "32768", "2147483647", "2147483648", "-2147483649", "1.0", "1e3", "1.5",
                "T", "F", "t", "f", "1", "?", "x", " ", "true", "False", "NaN", "nan", "Inf", "-inf", "Infinity", "0x1F", "0X10",
                "2018-01-01T00:00:01", "2018-01-01T00:00:01.123Z", "2018-01-01T00:00:01.Z", "2018-13-01T00:00:00", "2018-02-30T00:00:00",
                "2018-01-01 00:00:01", "2018-01-01T00:00:01+01:00", "2018-01-01T24:00:00", "0000-01-01T00:00:00", "2018-01-01T00:00:01.12345678901",
                "1.7976931348623157e308", "1.7976931348623159e308", "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
                "0.1", "0.30000000000000004", "3.4028235e38", "3.4028236e38", "1.17549435e-38", "1e-46", "7.038531e-26", "9007199254740993",
                "NULL", "-9999", "1,5", "1_000", "٣",
            };
            foreach (var t in fixedTexts) yield return t;
            var random = new Random(20261202);
            var bytes = new byte[8];
            for (var i = 0; i < 20_000; i++)
            {
                random.NextBytes(bytes);
                var d = BitConverter.ToDouble(bytes, 0);
                if (double.IsNaN(d) || double.IsInfinity(d)) continue;
                yield return d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                yield return d.ToString("E" + random.Next(0, 20), System.Globalization.CultureInfo.InvariantCulture);
                yield return ((float)d).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                // digits that are no double's shortest form: halfway cases and long mantissas round as double.Parse rounds them
                var digits = new string(Enumerable.Range(0, random.Next(1, 30)).Select(_ => (char)('0' + random.Next(10))).ToArray());
                var point = random.Next(1, digits.Length + 1);
                var text = (random.Next(2) == 0 ? "-" : "") + digits.Substring(0, point) + (point < digits.Length ? "." + digits.Substring(point) : "");
                yield return random.Next(3) == 0 ? text : text + "e" + random.Next(-340, 320).ToString(System.Globalization.CultureInfo.InvariantCulture);
                yield return random.Next(-1_000_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        [Fact]
        public void FromTheBytes_AValueIsWhatFromTheTextItIs()
        {
            var codecs = new[]
            {
                new FieldCodec("d", "double", null, null, null), new FieldCodec("f", "float", null, null, null), new FieldCodec("i", "int", null, null, null),
                new FieldCodec("l", "long", null, null, "-9223372036854775808"), new FieldCodec("s", "short", null, null, null),
                new FieldCodec("u", "unsignedByte", null, null, null), new FieldCodec("b", "boolean", null, null, null),
                new FieldCodec("t", "char", "*", "timestamp", ""), new FieldCodec("n", "int", null, null, "-1"), new FieldCodec("x", "int", null, null, "NULL"),
                new FieldCodec("r", "double", null, null, "-9999"), new FieldCodec("c", "char", "*", null, "NULL"), new FieldCodec("a", "double", "2", null, null),
            };
            var answered = 0;
            foreach (var text in Texts())
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                foreach (var codec in codecs)
                {
                    string expected;
                    try { expected = Show(codec.FromText(text)); }
                    catch (Exception ex) { expected = "throws " + ex.GetType().Name; }
                    string actual;
                    try
                    {
                        if (!codec.TryFromUtf8(bytes, 0, bytes.Length, out var value)) continue;
                        actual = Show(value);
                    }
                    catch (Exception ex) { actual = "throws " + ex.GetType().Name; }
                    answered++;
                    Assert.True(expected == actual, $"'{text}' as {codec.Name}: from the text {expected}, from the bytes {actual}");
                }
            }
            Assert.True(answered > 100_000, $"{answered} values read from the bytes");
        }

        // ------------------------------------------------------------------ streaming and hostile input

        /// <summary>Sends its bytes, then fails the test if read again (a service still computing the next row).</summary>
        internal sealed class ThenNothing : Cadc.Core.IO.ForwardReadStream
        {
            private readonly MemoryStream _sent;
            public bool Stalled;
            public ThenNothing(byte[] sent) => _sent = new MemoryStream(sent);

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = _sent.Read(buffer, offset, count);
                if (n == 0) Stalled = true;
                return n;
            }
        }

        [Fact]
        public void ARowThatHasArrived_IsReturned_WithoutReadingFurther()
        {
            var head = Doc("").Substring(0, Doc("").IndexOf("</TABLEDATA>", StringComparison.Ordinal));
            foreach (var sent in new[] { head + R(1, 1, "a", "", "T"), head + R(1, 1, "a", "", "T") + "\n<TR><TD>2</TD>", head + R(1, 1, "a]", "", "T") + R(2, 2, "b", "", "T") })
            {
                var stream = new ThenNothing(Encoding.UTF8.GetBytes(sent));
                using var reader = VOTableReader.Open(stream);
                Assert.Equal(1, reader.ReadRow()![0]);
                Assert.False(stream.Stalled, "read beyond a complete row");
                Assert.Equal(1, reader.ScannedRows);
            }
        }
    }

    /// <summary>
    /// Hostile TABLEDATA, read with the scanner: a clear error in bounded memory. One class at a time (FaultMatrix): they
    /// allocate hundreds of MB, which other tests' measures of memory would count.
    /// </summary>
    [Collection(Reliability.FaultMatrix.Name)]
    public sealed class TableDataScannerHostileTests
    {
        private static string Doc(string rows) => TableDataScannerTests.Doc(rows);

        private static string Plain => TableDataScannerTests.Plain;

        /// <summary><paramref name="before"/>, then <paramref name="fill"/> bytes of <paramref name="unit"/> over and over, then <paramref name="after"/>: never held whole.</summary>
        internal sealed class Generated : Cadc.Core.IO.ForwardReadStream
        {
            private readonly byte[] _before, _unit, _after;
            private readonly long _fill;
            public long Served;

            public Generated(string before, string unit, long fill, string after)
            {
                _before = Encoding.UTF8.GetBytes(before);
                _unit = Encoding.UTF8.GetBytes(unit);
                _after = Encoding.UTF8.GetBytes(after);
                _fill = fill;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = 0;
                while (n < count)
                {
                    var p = Served;
                    if (p < _before.Length) buffer[offset + n] = _before[p];
                    else if (p < _before.Length + _fill) buffer[offset + n] = _unit[(p - _before.Length) % _unit.Length];
                    else if (p < _before.Length + _fill + _after.Length) buffer[offset + n] = _after[p - _before.Length - _fill];
                    else break;
                    n++;
                    Served++;
                }
                return n;
            }
        }

        [Theory]
        [InlineData("x")]
        [InlineData("&amp;")]
        [InlineData("é")]
        public void A100MBCell_IsResponseTooLarge_InBoundedMemory(string unit)
        {
            var head = Doc("").Substring(0, Doc("").IndexOf("</TABLEDATA>", StringComparison.Ordinal)) + Plain + "<TR><TD>1</TD><TD>1</TD><TD>";
            var doc = new Generated(head, unit, 100L << 20, "</TD><TD/><TD/></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>");
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var ex = Assert.Throws<CadcException>(() =>
            {
                using var reader = VOTableReader.Open(doc);
                Assert.Equal(3, Enumerable.Range(0, 3).Count(_ => reader.ReadRow() != null));
                Assert.Equal(3, reader.ScannedRows);
                reader.ReadRow();
            });
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.Equal(ErrorIds.ResponseTooLarge, ex.ErrorId);
            Assert.True(doc.Served < (16L << 20) * Encoding.UTF8.GetByteCount(unit) + (4 << 20), $"read {doc.Served:N0} bytes for a cell refused at 16 Mi characters");
            Assert.True(allocated < 200L << 20, $"{allocated:N0} bytes allocated");
        }

        [Fact]
        public void DeepNestingInACell_EndsInBoundedMemory()
        {
            // a million open elements in one cell, never closed: the XmlReader's error at the end, no hang
            var head = Doc("").Substring(0, Doc("").IndexOf("</TABLEDATA>", StringComparison.Ordinal)) + Plain + "<TR><TD>1</TD><TD>1</TD><TD>";
            var doc = new Generated(head, "<a>", 3L << 20, "</TD></TR>");
            var ex = Assert.Throws<VOTableFormatException>(() =>
            {
                using var reader = VOTableReader.Open(doc);
                while (reader.ReadRow() != null) { }
            });
            Assert.Contains("malformed or truncated", ex.Message);
        }
    }
}
