using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using Cadc.Core.VOTable;
using Xunit;
using static Cadc.Core.Tests.VOTable.VOTableTestWriter;
using Cadc.Core.Geometry;
using Cadc.Core.IO;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>One table written in TABLEDATA, BINARY and BINARY2 by the test encoder: all three must read the same values.</summary>
    public sealed class VOTableEncodingTests
    {
        internal static readonly TestColumn[] Cols =
        {
            new("obsID", "char", "*"),
            new("obsID", "char", "*"),
            new("OBSID", "char", "*"),
            new("flag", "boolean"),
            new("bit", "bit"),
            new("u8", "unsignedByte", Null: "255"),
            new("i16", "short", Null: "-32768"),
            new("i32", "int", Null: "-2147483648"),
            new("i64", "long", Null: "-9223372036854775808"),
            new("f32", "float"),
            new("f64", "double"),
            new("u8x3", "unsignedByte", "3"),
            new("i16x2", "short", "2"),
            new("i32x3", "int", "3"),
            new("i64x2", "long", "2"),
            new("f32x2", "float", "2"),
            new("f64x2", "double", "2"),
            new("u8v", "unsignedByte", "*"),
            new("i16v", "short", "*"),
            new("i32v", "int", "10*"),
            new("i64v", "long", "*"),
            new("f32v", "float", "*"),
            new("f64v", "double", "*"),
            new("boolx3", "boolean", "3"),
            new("bits", "bit", "10"),
            new("fixedChar", "char", "8"),
            new("uni", "unicodeChar", "*"),
            new("uniFixed", "unicodeChar", "4"),
            new("names", "char", "4x*"),
            new("grid", "char", "3x2"),
            new("cf", "floatComplex"),
            new("cd", "doubleComplex"),
            new("cdv", "doubleComplex", "2"),
            new("t", "char", "*", "timestamp"),
            new("interval", "double", "2", "interval"),
            new("iv1", "double", "*", "interval"),
            new("point", "double", "2", "point"),
            new("circle", "double", "3", "circle"),
            new("polygon", "double", "*", "polygon"),
            new("region", "char", "*", "adql:REGION"),
            new("pos", "char", "*", "adql:POINT"),
        };

        internal static readonly object?[][] Rows =
        {
            new object?[]
            {
                "a", "b", "c", true, true, (byte)200, (short)-5, 7, 1234567890123L, 1.5f, Math.PI,
                new byte[] { 1, 2, 255 }, new short[] { -1, 300 }, new[] { 1, 2, 3 }, new[] { long.MaxValue, -2L },
                new[] { 0.25f, -8f }, new[] { 0.5, -1e300 },
                new byte[] { 9 }, new short[] { 1, 2, 3 }, new[] { 42 }, new[] { 1L, 2L }, new[] { 3.5f }, new[] { 0.1, 0.2, 0.3 },
                new[] { true, false, true }, new[] { true, false, true, true, false, false, false, false, false, true },
                "ABCDEFGH", "é 日本", "日本", new[] { "ab", "cd", "e" }, new[] { "ab", "c" },
                new Complex(1.5, -2), new Complex(1, -2), new[] { new Complex(1, 2), new Complex(-3, 0.5) },
                new DateTime(2010, 8, 8, 15, 5, 26, 822, DateTimeKind.Utc), new Interval(55051.6, 55051.7), new Written(new[] { 55000.5, 55000.6 }, new[] { new Interval(55000.5, 55000.6) }),
                new SkyPoint(10.5, -20.25), new SkyCircle(131.28125, 54.3, 0.1), new SkyPolygon(new[] { new SkyPoint(1, 2), new SkyPoint(3, 4), new SkyPoint(5, 6) }),
                new Written("Polygon ICRS 1 2 3 4 5 6", new SkyPolygon(new[] { new SkyPoint(1, 2), new SkyPoint(3, 4), new SkyPoint(5, 6) })),
                new Written("Position ICRS 10 20", new SkyPoint(10, 20)),
            },
            new object?[]
            {
                "x", null, null, null, false, null, null, null, null, new Written(float.NaN, null), new Written(double.NaN, null),
                new byte[] { 0, 0, 0 }, new short[] { 0, 0 }, new[] { -1, 0, 1 }, new[] { 0L, 0L },
                null, null,
                null, null, null, null, null, null,
                new[] { false, false, false }, new bool[10],
                null, null, null, null, null,
                Complex.Zero, Complex.Zero, new[] { Complex.Zero, Complex.Zero },
                null, null, null, null, null, null, null, null,
            },
            new object?[]
            {
                "y", "z", "w", false, false, (byte)0, short.MaxValue, int.MinValue + 1, long.MinValue + 1, -0.0f, double.PositiveInfinity,
                new byte[] { 0, 128, 7 }, new short[] { short.MinValue, 0 }, new[] { 4, 5, 6 }, new[] { 0L, 1L },
                new[] { float.NegativeInfinity, 1f }, new[] { double.NaN, 1.0 },
                new byte[] { 0, 1 }, new short[] { -1 }, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, new[] { -1L }, new[] { float.NaN }, new[] { double.NegativeInfinity },
                new[] { false, true, false }, new[] { false, true, false, false, false, false, false, false, false, false },
                "1234 678", "plain", "a", new[] { "wxyz" }, new[] { "abc", "def" },
                new Complex(0, 0.5), new Complex(double.NaN, 0), new[] { new Complex(0, 1), new Complex(2, 3) },
                new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc), new Interval(-1, 1), new Written(new[] { 1.0, 2.0, 3.0, 4.0 }, new[] { new Interval(1, 2), new Interval(3, 4) }),
                new SkyPoint(0, 90), new SkyCircle(0, 0, 180),
                new SkyPolygon(new[] { new SkyPoint(0, 0), new SkyPoint(1, 0), new SkyPoint(1, 1), new SkyPoint(0, 1) }),
                new Written("Circle ICRS 10 20 0.5", new SkyCircle(10, 20, 0.5)),
                new Written("Position GALACTIC 1 2", new SkyPoint(1, 2)),
            },
        };

        public static IEnumerable<object[]> Encodings() => new[] { new object[] { "TABLEDATA" }, new object[] { "BINARY" }, new object[] { "BINARY2" } };

        private static VOTableReader Open(string doc) => VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(doc)));

        private static List<object?[]> ReadAll(VOTableReader reader)
        {
            var rows = new List<object?[]>();
            object?[]? row;
            while ((row = reader.ReadRow()) != null) rows.Add(row);
            return rows;
        }

        [Theory]
        [MemberData(nameof(Encodings))]
        public void EveryEncoding_ReadsTheExpectedValues(string encoding)
        {
            using var reader = Open(Document(Cols, Rows, encoding, trailer: "<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\">limit</INFO>\n"));
            Assert.True(reader.HasTable);
            Assert.Equal(new[] { "obsID", "obsID_2", "OBSID_3" }, reader.Fields.Take(3).Select(f => f.Key));
            Assert.Equal(new[] { "obsID", "obsID", "OBSID" }, reader.Fields.Take(3).Select(f => f.Name));
            Assert.Equal("OK", reader.QueryStatus);
            var read = ReadAll(reader);
            Assert.Equal(Rows.Length, read.Count);
            for (var r = 0; r < Rows.Length; r++)
            {
                Assert.Equal(Cols.Length, read[r].Length);
                for (var c = 0; c < Cols.Length; c++)
                {
                    var expected = Expected(Rows[r][c]);
                    Assert.True(Same(expected, read[r][c]), $"{encoding} row {r} {Cols[c].Name}: expected {Show(expected)}, got {Show(read[r][c])}");
                    if (read[r][c] is { } v && !(Rows[r][c] is Written w && w.Expected is string))
                        Assert.IsAssignableFrom(reader.Fields[c].ValueType, v);
                }
            }
            Assert.Equal("OVERFLOW", reader.QueryStatus);      // the INFO after the rows wins
            Assert.Equal("limit", reader.QueryStatusMessage);
            Assert.Null(reader.ReadRow());
        }

        [Fact]
        public void TheThreeEncodings_GiveIdenticalRows()
        {
            var all = Encodings().Select(e => ReadAll(Open(Document(Cols, Rows, (string)e[0])))).ToList();
            for (var r = 0; r < Rows.Length; r++)
                for (var c = 0; c < Cols.Length; c++)
                {
                    Assert.True(Same(all[0][r][c], all[1][r][c]), $"TABLEDATA/BINARY row {r} {Cols[c].Name}");
                    Assert.True(Same(all[0][r][c], all[2][r][c]), $"TABLEDATA/BINARY2 row {r} {Cols[c].Name}");
                }
        }

        [Fact]
        public void TheNullValueText_InTableData_IsNull()
        {
            var rows = ReadAll(Open(Document(Cols, Rows, "TABLEDATA", tdNullAsValue: true)));
            foreach (var name in new[] { "u8", "i16", "i32", "i64" }) Assert.Null(rows[1][Array.FindIndex(Cols, c => c.Name == name)]);
        }

        [Fact]
        public void ValueTypes_FollowDatatypeArraysizeAndXtype()
        {
            using var reader = Open(Document(Cols, Rows, "TABLEDATA"));
            Type T(string name) => reader.Fields.Single(f => f.Name == name).ValueType;
            Assert.Equal(typeof(long), T("i64"));
            Assert.Equal(typeof(byte), T("u8"));
            Assert.Equal(typeof(float), T("f32"));
            Assert.Equal(typeof(double[]), T("f64v"));
            Assert.Equal(typeof(bool[]), T("bits"));
            Assert.Equal(typeof(string), T("uni"));
            Assert.Equal(typeof(string[]), T("names"));
            Assert.Equal(typeof(Complex[]), T("cdv"));
            Assert.Equal(typeof(DateTime), T("t"));
            Assert.Equal(typeof(Interval), T("interval"));
            Assert.Equal(typeof(SkyPoint), T("point"));
            Assert.Equal(typeof(SkyPoint), T("pos"));
            Assert.Equal(typeof(SkyCircle), T("circle"));
            Assert.Equal(typeof(SkyPolygon), T("polygon"));
            Assert.Equal(typeof(object), T("region"));
            var i16 = reader.Fields.Single(f => f.Name == "i16");
            Assert.Equal("-32768", i16.NullValue);
            Assert.Equal("d", i16.Description);   // DESCRIPTION before VALUES: both read
        }

        [Fact]
        public void FloatNulls_AreNullInEveryEncoding()
        {
            // BINARY marks a null float with NaN (VOTable 1.4, 2.1); astropy masks a NaN float in every encoding
            var cols = new[] { new TestColumn("f", "double"), new TestColumn("g", "float") };
            var rows = new[] { new object?[] { null, null } };
            Assert.Equal(new object?[] { null, null }, ReadAll(Open(Document(cols, rows, "TABLEDATA")))[0]);
            Assert.Equal(new object?[] { null, null }, ReadAll(Open(Document(cols, rows, "BINARY2")))[0]);
            Assert.Equal(new object?[] { null, null }, ReadAll(Open(Document(cols, rows, "BINARY")))[0]);
        }

        [Theory]
        [InlineData("2023-05-13T01:58:48.099000", 2023, 5, 13, 1, 58, 48, 990000L)]
        [InlineData("2018-01-08T21:12:01", 2018, 1, 8, 21, 12, 1, 0L)]
        [InlineData("2018-01-08T21:12:01Z", 2018, 1, 8, 21, 12, 1, 0L)]
        [InlineData("2018-01-08 21:12:01.1234567Z", 2018, 1, 8, 21, 12, 1, 1234567L)]
        [InlineData(" 2018-01-08T21:12:01.5 ", 2018, 1, 8, 21, 12, 1, 5000000L)]
        [InlineData("2018-01-08T21:12:01+01:00", 2018, 1, 8, 20, 12, 1, 0L)]
        [InlineData("2016-02-29T23:59:59.9999999", 2016, 2, 29, 23, 59, 59, 9999999L)]
        public void Timestamps_AreReadExactly_AsUtc(string text, int y, int mo, int d, int h, int mi, int s, long ticks)
        {
            var cols = new[] { new TestColumn("t", "char", "*", "timestamp") };
            foreach (var encoding in new[] { "TABLEDATA", "BINARY2" })
            {
                var value = ReadAll(Open(Document(cols, new[] { new object?[] { new Written(text, null) } }, encoding)))[0][0];
                var t = Assert.IsType<DateTime>(value);
                Assert.Equal(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc).AddTicks(ticks), t);
                Assert.Equal(DateTimeKind.Utc, t.Kind);
            }
        }

        [Theory]
        [InlineData("2018-02-30T00:00:00")]
        [InlineData("2018-13-01T00:00:00")]
        [InlineData("2018-01-08T25:12:01")]
        public void NotADate_StaysText(string text)
        {
            var cols = new[] { new TestColumn("t", "char", "*", "timestamp") };
            Assert.Equal(text, ReadAll(Open(Document(cols, new[] { new object?[] { text } }, "TABLEDATA")))[0][0]);
        }

        [Theory]
        [MemberData(nameof(Encodings))]
        public void NaNFloats_AreNull_AndPresentValuesStayTyped(string encoding)
        {
            // a NaN without a null flag (BINARY2) or written as "NaN" (TABLEDATA): still a missing number
            var cols = new[] { new TestColumn("f", "double"), new TestColumn("g", "float"), new TestColumn("n", "long"), new TestColumn("v", "double", "2") };
            var rows = ReadAll(Open(Document(cols, new[]
            {
                new object?[] { new Written(double.NaN, null), new Written(float.NaN, null), 5L, new[] { double.NaN, 1.0 } },
                new object?[] { 1.5, 2.5f, 7L, new[] { 0.5, 1.0 } },
            }, encoding)));
            Assert.Null(rows[0][0]);
            Assert.Null(rows[0][1]);
            Assert.Equal(5L, rows[0][2]);
            Assert.Equal(new[] { double.NaN, 1.0 }, rows[0][3]);   // an element of an array is no cell: its NaN stays
            Assert.IsType<double>(rows[1][0]);
            Assert.IsType<float>(rows[1][1]);
            Assert.Equal(7L, rows[1][2]);
        }

        [Theory]
        [MemberData(nameof(Encodings))]
        public void ATruncatedDocument_FailsWithoutAHalfRow(string encoding)
        {
            var doc = Document(Cols, Rows, encoding);
            var cut = encoding == "TABLEDATA"
                ? doc.IndexOf("<TR>", doc.IndexOf("<TR>", StringComparison.Ordinal) + 5, StringComparison.Ordinal) + 60
                : doc.IndexOf("<STREAM", StringComparison.Ordinal) + 700;
            using var reader = Open(doc.Substring(0, cut));
            var rows = new List<object?[]>();
            var ex = Record.Exception(() => { object?[]? row; while ((row = reader.ReadRow()) != null) rows.Add(row); });
            Assert.IsType<VOTableFormatException>(ex);
            Assert.True(rows.Count < Rows.Length);
            foreach (var row in rows) Assert.Equal(Cols.Length, row.Length);
            Assert.Null(reader.ReadRow()); // after the error: the end, not a half row
        }

        [Theory]
        [InlineData("BINARY")]
        [InlineData("BINARY2")]
        public void BinaryDataEndingInsideARow_IsTruncated_AfterTheWholeRows(string encoding)
        {
            var bytes = Binary(Cols, Rows, encoding == "BINARY2");
            var doc = Document(Cols, Rows, encoding);
            var start = doc.IndexOf("<STREAM encoding=\"base64\">", StringComparison.Ordinal) + 26;
            var end = doc.IndexOf("</STREAM>", StringComparison.Ordinal);
            doc = doc.Substring(0, start) + Convert.ToBase64String(bytes, 0, bytes.Length - 5, Base64FormattingOptions.InsertLineBreaks) + doc.Substring(end);
            using var reader = Open(doc);
            Assert.NotNull(reader.ReadRow());
            Assert.NotNull(reader.ReadRow());
            var ex = Assert.Throws<VOTableFormatException>(() => reader.ReadRow());
            Assert.Contains("truncated", ex.Message);
        }

        [Fact]
        public void ManyRows_AcrossTheDecodeBuffer_InAllEncodings()
        {
            var cols = new[] { new TestColumn("id", "long"), new TestColumn("name", "char", "*"), new TestColumn("v", "double", "*") };
            var rows = Enumerable.Range(0, 20000).Select(i => new object?[] { (long)i, "row" + i, Enumerable.Repeat(i * 0.5, i % 7 + 1).ToArray() }).ToArray();
            foreach (var e in Encodings())
            {
                var read = ReadAll(Open(Document(cols, rows, (string)e[0])));
                Assert.Equal(rows.Length, read.Count);
                for (var i = 0; i < rows.Length; i += 997)
                    for (var c = 0; c < cols.Length; c++) Assert.True(Same(rows[i][c], read[i][c]), $"{e[0]} row {i} col {c}");
                Assert.Equal(19999L, read[^1][0]);
            }
        }

        [Fact]
        public void TableData_Spellings_OfNumbersBooleansAndDates()
        {
            var cols = new[]
            {
                new TestColumn("i", "int"), new TestColumn("l", "long"), new TestColumn("d", "double"), new TestColumn("f", "float"),
                new TestColumn("b", "boolean"), new TestColumn("t", "char", "*", "TIMESTAMP"), new TestColumn("bits", "bit", "4"),
                new TestColumn("p", "char", "*", "point"), new TestColumn("c", "char", "*", "circle"),
            };
            var doc = Document(cols, new[]
            {
                new object?[] { "0x1F", "-12", "+Inf", "inf", "true", "2019-01-01 12:00:00", "1011", "10 20", "CIRCLE 1 2 3" },
                new object?[] { " 7 ", "0X10", "-Inf", "NaN", "False", "2019-01-01", "1 0 1 1", "Position 1 2", "Circle ICRS 4 5 6" },
                new object?[] { "3", "4", "NaN", "-0.5", "?", "2012-10-28T19:00:00.5Z", "0000", "point 3 4", "circle icrs geocenter 1 2 3" },
                new object?[] { "3", "4", "1e3", "1E-3", "0", "not a date", "", "", "" },
            }, "TABLEDATA");
            var rows = ReadAll(Open(doc));
            Assert.Equal(new object?[] { 31, -12L, double.PositiveInfinity, float.PositiveInfinity, true, new DateTime(2019, 1, 1, 12, 0, 0, DateTimeKind.Utc), new[] { true, false, true, true }, new SkyPoint(10, 20), new SkyCircle(1, 2, 3) }, rows[0]);
            Assert.Equal(new object?[] { 7, 16L, double.NegativeInfinity, null, false, new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc), new[] { true, false, true, true }, new SkyPoint(1, 2), new SkyCircle(4, 5, 6) }, rows[1]);
            Assert.Equal(new object?[] { 3, 4L, null, -0.5f, null, new DateTime(2012, 10, 28, 19, 0, 0, 500, DateTimeKind.Utc), new bool[4], new SkyPoint(3, 4), new SkyCircle(1, 2, 3) }, rows[2]);
            Assert.Equal(new object?[] { 3, 4L, 1000.0, 0.001f, false, "not a date", null, null, null }, rows[3]);
            Assert.Equal(DateTimeKind.Utc, ((DateTime)rows[0][5]!).Kind);
        }

        [Fact]
        public void AnUnparsableValue_IsAFormatError_WithItsPosition()
        {
            var cols = new[] { new TestColumn("a", "int", "*") };
            var doc = Document(cols, new[] { new object?[] { "1 2" }, new object?[] { "1 NaN 3" } }, "TABLEDATA");
            using var reader = Open(doc);
            Assert.Equal(new[] { 1, 2 }, reader.ReadRow()![0]);
            var ex = Assert.Throws<VOTableFormatException>(() => reader.ReadRow());
            Assert.Contains("NaN", ex.Message);
            Assert.True(ex.LineNumber > 0);
        }

        [Fact]
        public void DuplicateKeys_SkipNamesTakenByRealColumns()
        {
            var cols = new[] { new TestColumn("obsID", "int"), new TestColumn("obsID_2", "int"), new TestColumn("OBSID", "int"), new TestColumn("obsid", "int") };
            using var reader = Open(Document(cols, new[] { new object?[] { 1, 2, 3, 4 } }, "TABLEDATA"));
            Assert.Equal(new[] { "obsID", "obsID_2", "OBSID_3", "obsid_4" }, reader.Fields.Select(f => f.Key));
            Assert.Equal(new object?[] { 1, 2, 3, 4 }, reader.ReadRow());
        }

        [Fact]
        public void InfosWithText_BeforeTheTable_AndServiceDescriptors_AreReadAround()
        {
            const string doc = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\">" +
                "<INFO name=\"server\" value=\"x\">some <![CDATA[text]]></INFO>" +
                "<RESOURCE type=\"meta\" utype=\"adhoc:service\"><PARAM name=\"accessURL\" datatype=\"char\" arraysize=\"*\" value=\"https://e/x\"/>" +
                "<INFO name=\"QUERY_STATUS\" value=\"ERROR\"/><TABLE><FIELD name=\"m\" datatype=\"int\"/></TABLE></RESOURCE>" +
                "<RESOURCE type=\"results\"><INFO name=\"QUERY_STATUS\" value=\"OK\">  all good \n</INFO><PARAM name=\"p\" value=\"1\" datatype=\"int\"><DESCRIPTION>pd</DESCRIPTION></PARAM>" +
                "<TABLE><DESCRIPTION>t</DESCRIPTION><PARAM name=\"q\" value=\"2\" datatype=\"int\"/><GROUP><FIELDref ref=\"a\"/><FIELD name=\"inGroup\"/></GROUP>" +
                "<FIELD name=\"a\" ID=\"a\" datatype=\"int\" unit=\"s\" ucd=\"time\" utype=\"u\"><DESCRIPTION>first</DESCRIPTION><VALUES null=\"-1\"><MIN value=\"0\"/></VALUES><LINK href=\"x\"/></FIELD>" +
                "<FIELD name=\"b\"/><DATA><TABLEDATA><TR><TD>-1</TD><TD/></TR><TR><TD>5</TD><TD><![CDATA[<x>]]></TD></TR></TABLEDATA></DATA></TABLE>" +
                "<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\"/></RESOURCE>" +
                "<RESOURCE type=\"meta\"><INFO name=\"QUERY_STATUS\" value=\"ERROR\"/><PARAM name=\"later\" value=\"z\"/></RESOURCE></VOTABLE>";
            using var reader = Open(doc);
            Assert.Equal(new[] { "a", "b" }, reader.Fields.Select(f => f.Name));
            var a = reader.Fields[0];
            Assert.Equal(("a", "int", "s", "time", "u", "first", "-1"), (a.Id, a.Datatype, a.Unit, a.Ucd, a.Utype, a.Description, a.NullValue));
            Assert.Equal("char", reader.Fields[1].Datatype);
            Assert.Equal(new[] { "p", "q" }, reader.Params.Select(p => p.Name));
            Assert.Equal("pd", reader.Params[0].Description);
            Assert.Equal("OK", reader.QueryStatus);                // the meta resource's INFO does not count
            Assert.Equal("all good", reader.QueryStatusMessage);
            Assert.Equal("some text", reader.Infos[0].Content);
            Assert.Equal(new object?[] { null, null }, reader.ReadRow());
            Assert.Equal(new object?[] { 5, "<x>" }, reader.ReadRow());
            Assert.Null(reader.ReadRow());
            Assert.Equal("OVERFLOW", reader.QueryStatus);
            Assert.Equal("OVERFLOW", reader.QueryStatusMessage);
            // the service descriptor is read as one (its INFO is its own), the other meta resource's INFO is kept
            Assert.Equal(4, reader.Infos.Count);
            Assert.Equal("https://e/x", Assert.Single(reader.ServiceDescriptors).AccessUrl!.AbsoluteUri);
        }

        [Fact]
        public void ATableOnlyInAMetaResource_IsReadWhenTheStreamCanSeek()
        {
            const string doc = "<VOTABLE><RESOURCE type=\"meta\"><INFO name=\"i\" value=\"1\"/><TABLE><FIELD name=\"m\" datatype=\"int\"/><DATA><TABLEDATA><TR><TD>3</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
            using var reader = Open(doc);
            Assert.True(reader.HasTable);
            Assert.Equal(new object?[] { 3 }, reader.ReadRow());
            Assert.Null(reader.ReadRow());
            Assert.Single(reader.Infos);
        }

        [Fact]
        public void AnErrorDocument_HasNoTable_AndItsMessage()
        {
            const string doc = "<?xml version=\"1.0\"?><VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE type=\"results\"><INFO name=\"QUERY_STATUS\" value=\"ERROR\">\n  Table 'Y' is not found\n</INFO></RESOURCE></VOTABLE>";
            using var reader = Open(doc);
            Assert.False(reader.HasTable);
            Assert.Empty(reader.Fields);
            Assert.Equal("ERROR", reader.QueryStatus);
            Assert.Equal("Table 'Y' is not found", reader.QueryStatusMessage);
            Assert.Null(reader.ReadRow());
            Assert.Null(reader.ReadRow());
        }

        [Theory]
        [InlineData("<html><body>Service Unavailable</body></html>", "<html>")]
        [InlineData("{\"error\": \"no\"}", "{\"error\"")]
        [InlineData("Internal Server Error", "Internal Server Error")]
        [InlineData("", "empty")]
        [InlineData("<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/><DATA><TABLEDATA><TR><TD>1</TD>", "")]
        [InlineData("<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"quaternion\"/></TABLE></RESOURCE></VOTABLE>", "quaternion")]
        [InlineData("<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/><DATA><BINARY><STREAM href=\"http://x/y\"/></BINARY></DATA></TABLE></RESOURCE></VOTABLE>", "not supported")]
        [InlineData("<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/><DATA><FITS><STREAM href=\"http://x/y\"/></FITS></DATA></TABLE></RESOURCE></VOTABLE>", "not supported")]
        public void NotAVOTable_OrUnsupported_IsAFormatError(string doc, string said)
        {
            var ex = Record.Exception(() => { using var r = Open(doc); while (r.ReadRow() != null) { } });
            Assert.IsType<VOTableFormatException>(ex);
            Assert.Contains(said, ex!.Message);
        }

        [Fact]
        public void ADtd_IsRefused_AndNoEntityExpanded()
        {
            const string evil = "<?xml version=\"1.0\"?><!DOCTYPE VOTABLE [<!ENTITY e \"boom\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]><VOTABLE><RESOURCE><INFO name=\"x\" value=\"&e;&x;\"/></RESOURCE></VOTABLE>";
            var ex = Assert.Throws<VOTableFormatException>(() => Open(evil));
            Assert.Contains("DTD", ex.Message);
            Assert.DoesNotContain("boom", ex.Message);
        }

        [Fact]
        public void Dispose_LeavesTheStreamOpen()
        {
            var s = new MemoryStream(Encoding.UTF8.GetBytes(Document(Cols, Rows, "BINARY2")));
            using (var reader = VOTableReader.Open(s)) reader.ReadRow();
            Assert.True(s.CanRead);
            s.Position = 0;
            Assert.Equal((int)'<', s.ReadByte());
        }

        [Fact]
        public void AStreamThatCannotSeek_IsReadToo()
        {
            var bytes = Encoding.UTF8.GetBytes(Document(Cols, Rows, "BINARY"));
            using var reader = VOTableReader.Open(new ForwardOnlyStream(new MemoryStream(bytes)));
            Assert.Equal(Rows.Length, ReadAll(reader).Count);
        }

        [Fact]
        public async System.Threading.Tasks.Task TheFirstRow_IsReturned_WhileTheServiceStillComputesTheNext()
        {
            // Short, so that nothing can wait for a buffer to fill before the row is handed out.
            const string sent = "<VOTABLE><RESOURCE type=\"results\"><TABLE><FIELD name=\"i\" datatype=\"int\"/><DATA><TABLEDATA><TR><TD>7</TD></TR>";
            using var stalled = new StallingStream(Encoding.UTF8.GetBytes(sent));
            var read = System.Threading.Tasks.Task.Run(() =>
            {
                using var reader = VOTableReader.Open(stalled);
                return reader.ReadRow();
            });
            try
            {
                var first = await System.Threading.Tasks.Task.WhenAny(read, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(20)));
                Assert.True(first == read, "the reader waited for bytes beyond the first row");
                Assert.Equal(7, (await read)![0]);
            }
            finally { stalled.Release(); }
        }

        /// <summary>Sends its bytes, then stalls (like a service still computing) until released, then ends.</summary>
        private sealed class StallingStream : Cadc.Core.IO.ForwardReadStream
        {
            private readonly MemoryStream _sent;
            private readonly System.Threading.ManualResetEventSlim _released = new System.Threading.ManualResetEventSlim();
            public StallingStream(byte[] sent) => _sent = new MemoryStream(sent);
            public void Release() => _released.Set();
            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = _sent.Read(buffer, offset, count);
                if (n > 0) return n;
                _released.Wait();
                return 0;
            }
        }

        private sealed class ForwardOnlyStream : Cadc.Core.IO.ForwardReadStream
        {
            private readonly Stream _inner;
            public ForwardOnlyStream(Stream inner) => _inner = inner;
            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7)); // dribbles
        }

        [Fact]
        public void EmptyData_AndEmptyStreams_HaveNoRows()
        {
            foreach (var data in new[] { "<DATA/>", "<DATA><TABLEDATA/></DATA>", "<DATA><TABLEDATA></TABLEDATA></DATA>", "<DATA><BINARY2><STREAM encoding=\"base64\"/></BINARY2></DATA>",
                         "<DATA><BINARY><STREAM encoding=\"base64\">\n</STREAM></BINARY></DATA>", "<DATA><BINARY><STREAM encoding=\"base64\"></STREAM></BINARY></DATA>", "" })
            {
                var doc = "<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/>" + data + "</TABLE><INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\"/></RESOURCE></VOTABLE>";
                using var reader = Open(doc);
                Assert.True(reader.HasTable, data);
                Assert.Null(reader.ReadRow());
                Assert.Equal("OVERFLOW", reader.QueryStatus);
            }
        }

        [Fact]
        public void Geometry_TextAndEquality()
        {
            Assert.Equal("55051.6 55051.7", new Interval(55051.6, 55051.7).ToString());
            Assert.Equal("0.1 -2.5", new SkyPoint(0.1, -2.5).ToString());
            Assert.Equal("1 2 0.5", new SkyCircle(1, 2, 0.5).ToString());
            var poly = new SkyPolygon(new[] { new SkyPoint(1, 2), new SkyPoint(3, 4), new SkyPoint(5, 6) });
            Assert.Equal("1 2 3 4 5 6", poly.ToString());
            Assert.Equal(poly, new SkyPolygon(new[] { new SkyPoint(1, 2), new SkyPoint(3, 4), new SkyPoint(5, 6) }));
            Assert.Equal(poly.GetHashCode(), new SkyPolygon(poly.Vertices).GetHashCode());
            Assert.NotEqual(new SkyCircle(1, 2, 3), new SkyCircle(1, 2, 4));
        }
    }
}
