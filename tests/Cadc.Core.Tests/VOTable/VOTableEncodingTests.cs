using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using Cadc.Core.VOTable;
using Xunit;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>One table written in TABLEDATA, BINARY and BINARY2 by a small encoder here: all three must read the same.</summary>
    public sealed class VOTableEncodingTests
    {
        private sealed record Col(string Name, string Datatype, string? ArraySize = null, string? XType = null, string? Null = null);

        private static readonly Col[] Cols =
        {
            new("obsID", "char", "*"),
            new("obsID", "char", "*"),
            new("OBSID", "char", "*"),
            new("b", "boolean"),
            new("u8", "unsignedByte"),
            new("i16", "short", Null: "-32768"),
            new("i32", "int", Null: "-2147483648"),
            new("i64", "long", Null: "-9223372036854775808"),
            new("f32", "float"),
            new("f64", "double"),
            new("fixedInts", "int", "3"),
            new("varDoubles", "double", "*"),
            new("text", "unicodeChar", "*"),
            new("fixedChar", "char", "8"),
            new("names", "char", "4x*"),
            new("bits", "bit", "10"),
            new("z", "doubleComplex"),
            new("t", "char", "*", "timestamp"),
            new("interval", "double", "2", "interval"),
            new("point", "double", "2", "point"),
            new("circle", "double", "3", "circle"),
            new("polygon", "double", "*", "polygon"),
        };

        private static readonly object?[][] Rows =
        {
            new object?[] { "a", "b", "c", true, (byte)200, (short)-5, 7, 1234567890123L, 1.5f, Math.PI, new[] { 1, 2, 3 }, new[] { 0.5, -1e300 },
                "é 日本", "ABCDEFGH", new[] { "ab", "cd", "e" }, new[] { true, false, true, true, false, false, false, false, false, true },
                new Complex(1, -2), new DateTime(2010, 8, 8, 15, 5, 26, 822, DateTimeKind.Utc), new Interval(55051.6, 55051.7),
                new SkyPoint(10.5, -20.25), new SkyCircle(131.28125, 54.3, 0.1), new SkyPolygon(new[] { new SkyPoint(1, 2), new SkyPoint(3, 4), new SkyPoint(5, 6) }) },
            new object?[] { "x", null, null, null, (byte)0, null, null, null, float.NaN, double.NaN, new[] { -1, 0, 1 }, null,
                null, "short", null, new bool[10], Complex.Zero, null, null, null, null, null },
            new object?[] { "y", "z", "w", false, (byte)1, (short)1, -1, -1L, -0.0f, double.PositiveInfinity, new[] { 4, 5, 6 }, new[] { 1.0 },
                "plain", "12345678", new[] { "wxyz" }, new[] { false, true, false, false, false, false, false, false, false, false },
                new Complex(0, 0.5), new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc), new Interval(-1, 1), new SkyPoint(0, 90), new SkyCircle(0, 0, 180),
                new SkyPolygon(new[] { new SkyPoint(0, 0), new SkyPoint(1, 0), new SkyPoint(1, 1), new SkyPoint(0, 1) }) },
        };

        [Theory]
        [InlineData("TABLEDATA")]
        [InlineData("BINARY")]
        [InlineData("BINARY2")]
        public void EveryEncoding_ReadsTheSameValues(string encoding)
        {
            using var reader = VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(Document(encoding))));
            Assert.Equal(new[] { "obsID", "obsID_2", "OBSID_3" }, reader.Fields.Take(3).Select(f => f.Key));
            Assert.Equal(new[] { "obsID", "obsID", "OBSID" }, reader.Fields.Take(3).Select(f => f.Name));
            var read = new List<object?[]>();
            object?[]? row;
            while ((row = reader.ReadRow()) != null) read.Add(row);
            Assert.Equal(Rows.Length, read.Count);
            for (var r = 0; r < Rows.Length; r++)
                for (var c = 0; c < Cols.Length; c++)
                {
                    var expected = Rows[r][c];
                    Assert.True(Same(expected, read[r][c]), $"{encoding} row {r} {Cols[c].Name}: expected {Show(expected)}, got {Show(read[r][c])}");
                }
            Assert.Equal("OK", reader.QueryStatus);
        }

        [Theory]
        [InlineData("TABLEDATA")]
        [InlineData("BINARY")]
        [InlineData("BINARY2")]
        public void ATruncatedDocument_FailsWithoutAHalfRow(string encoding)
        {
            var doc = Document(encoding);
            var cut = encoding == "TABLEDATA" ? doc.IndexOf("<TR>", doc.IndexOf("<TR>", StringComparison.Ordinal) + 5, StringComparison.Ordinal) + 30 : doc.IndexOf("<STREAM", StringComparison.Ordinal) + 300;
            using var reader = VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(doc.Substring(0, cut))));
            var rows = 0;
            var ex = Record.Exception(() => { while (reader.ReadRow() != null) rows++; });
            Assert.IsType<VOTableFormatException>(ex);
            Assert.True(rows < Rows.Length);
        }

        [Fact]
        public void NotAVOTable_IsAFormatError()
        {
            var ex = Assert.Throws<VOTableFormatException>(() => VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes("<html><body>Service Unavailable</body></html>"))));
            Assert.Contains("<html>", ex.Message);
        }

        [Fact]
        public void ADtd_IsRefused()
        {
            const string evil = "<?xml version=\"1.0\"?><!DOCTYPE VOTABLE [<!ENTITY e \"boom\">]><VOTABLE><RESOURCE><INFO name=\"x\" value=\"&e;\"/></RESOURCE></VOTABLE>";
            Assert.Throws<VOTableFormatException>(() => VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(evil))));
        }

        [Fact]
        public void Dispose_LeavesTheStreamOpen()
        {
            var s = new MemoryStream(Encoding.UTF8.GetBytes(Document("BINARY2")));
            using (var reader = VOTableReader.Open(s)) reader.ReadRow();
            Assert.True(s.CanRead);
        }

        [Fact]
        public void AnIntervalWithOneElement_StaysRaw_WithoutFailingTheRow()
        {
            var doc = "<VOTABLE><RESOURCE type=\"results\"><TABLE><FIELD name=\"t\" datatype=\"double\" arraysize=\"2\" xtype=\"interval\"/><FIELD name=\"n\" datatype=\"int\"/>" +
                      "<DATA><TABLEDATA><TR><TD>55000.5</TD><TD>1</TD></TR><TR><TD>1 2</TD><TD>2</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
            using var reader = VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(doc)));
            Assert.Equal(new[] { 55000.5 }, reader.ReadRow()![0]);
            Assert.Equal(new Interval(1, 2), reader.ReadRow()![0]);
            Assert.Null(reader.ReadRow());
        }

        private static bool Same(object? a, object? b)
        {
            if (a is null || b is null) return a is null && b is null;
            if (a is double da && b is double db) return da.Equals(db);
            if (a is float fa && b is float fb) return fa.Equals(fb);
            if (a is Array x && b is Array y) return x.Length == y.Length && x.Cast<object?>().Zip(y.Cast<object?>(), Same).All(t => t);
            return a.Equals(b);
        }

        private static string Show(object? v) => v is null ? "null" : v is Array a ? "[" + string.Join(",", a.Cast<object>()) + "]" : v + " (" + v.GetType().Name + ")";

        // ------------------------------------------------------------------ the encoder

        private static string Document(string encoding)
        {
            var sb = new StringBuilder("<?xml version=\"1.0\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n<TABLE>\n");
            foreach (var c in Cols)
            {
                sb.Append($"<FIELD name=\"{c.Name}\" datatype=\"{c.Datatype}\"");
                if (c.ArraySize != null) sb.Append($" arraysize=\"{c.ArraySize}\"");
                if (c.XType != null) sb.Append($" xtype=\"{c.XType}\"");
                sb.Append(c.Null != null ? $"><VALUES null=\"{c.Null}\"/></FIELD>\n" : "/>\n");
            }
            sb.Append("<DATA>");
            if (encoding == "TABLEDATA")
            {
                sb.Append("<TABLEDATA>\n");
                foreach (var row in Rows)
                {
                    sb.Append("<TR>");
                    for (var i = 0; i < Cols.Length; i++) sb.Append("<TD>").Append(System.Security.SecurityElement.Escape(Text(Cols[i], row[i]))).Append("</TD>");
                    sb.Append("</TR>\n");
                }
                sb.Append("</TABLEDATA>");
            }
            else
            {
                var bytes = new MemoryStream();
                foreach (var row in Rows)
                {
                    if (encoding == "BINARY2")
                    {
                        var flags = new byte[(Cols.Length + 7) / 8];
                        for (var i = 0; i < Cols.Length; i++) if (row[i] is null) flags[i / 8] |= (byte)(0x80 >> (i % 8));
                        bytes.Write(flags);
                    }
                    for (var i = 0; i < Cols.Length; i++) Binary(bytes, Cols[i], row[i], encoding == "BINARY2");
                }
                var b64 = Convert.ToBase64String(bytes.ToArray());
                // line breaks every 76 characters and one at an odd place
                var wrapped = new StringBuilder();
                for (var i = 0; i < b64.Length; i += 76) wrapped.Append(b64, i, Math.Min(76, b64.Length - i)).Append('\n');
                var text = wrapped.ToString().Insert(13, "\n  ");
                sb.Append('<').Append(encoding).Append("><STREAM encoding=\"base64\">\n").Append(text).Append("</STREAM></").Append(encoding).Append('>');
            }
            sb.Append("</DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n");
            return sb.ToString();
        }

        private static string Text(Col c, object? v)
        {
            if (v is null) return c.Null ?? "";
            return v switch
            {
                bool b => b ? "T" : "F",
                float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture),
                Complex z => $"{z.Real.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} {z.Imaginary.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}",
                string[] names => string.Concat(names.Select(n => n.PadRight(4))).TrimEnd(),
                bool[] bits => string.Join(" ", bits.Select(x => x ? "1" : "0")),
                Array a => string.Join(" ", a.Cast<IFormattable>().Select(x => x.ToString("R".Length > 0 && (x is double || x is float) ? "R" : null, System.Globalization.CultureInfo.InvariantCulture))),
                IFormattable x => x.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => v.ToString()!,
            };
        }

        private static void Binary(Stream s, Col c, object? v, bool binary2)
        {
            void Be(byte[] b) { if (BitConverter.IsLittleEndian) Array.Reverse(b); s.Write(b); }
            void Count(int n) => Be(BitConverter.GetBytes(n));
            var variable = c.ArraySize != null && c.ArraySize.EndsWith("*", StringComparison.Ordinal);
            if (v is Interval iv) v = new[] { iv.Lower, iv.Upper };
            if (v is SkyPoint sp) v = new[] { sp.Ra, sp.Dec };
            if (v is SkyCircle sc) v = new[] { sc.Ra, sc.Dec, sc.Radius };
            if (v is SkyPolygon pg) v = pg.Vertices.SelectMany(p => new[] { p.Ra, p.Dec }).ToArray();
            if (v is DateTime dt) v = dt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
            if (v is string[] names) v = string.Concat(names.Select(n => n.PadRight(4, '\0')));
            switch (c.Datatype)
            {
                case "char":
                {
                    var text = (string?)v ?? "";
                    if (variable) { Count(text.Length); s.Write(Encoding.Latin1.GetBytes(text)); }
                    else s.Write(Encoding.Latin1.GetBytes(text.PadRight(int.Parse(c.ArraySize!), '\0')));
                    return;
                }
                case "unicodeChar":
                {
                    var text = (string?)v ?? "";
                    Count(text.Length);
                    s.Write(Encoding.BigEndianUnicode.GetBytes(text));
                    return;
                }
                case "boolean": s.WriteByte(v is bool b ? (byte)(b ? 'T' : 'F') : (byte)'?'); return;
                case "unsignedByte": s.WriteByte((byte)(v ?? (byte)0)); return;
                case "short": Be(BitConverter.GetBytes(v is short sh ? sh : binary2 ? (short)0 : short.Parse(c.Null!))); return;
                case "int":
                    if (c.ArraySize == "3") { foreach (var x in (int[])v!) Be(BitConverter.GetBytes(x)); return; }
                    Be(BitConverter.GetBytes(v is int iv32 ? iv32 : binary2 ? 0 : int.Parse(c.Null!))); return;
                case "long": Be(BitConverter.GetBytes(v is long l ? l : binary2 ? 0L : long.Parse(c.Null!))); return;
                case "float": Be(BitConverter.GetBytes((float)v!)); return;
                case "double":
                    if (c.ArraySize is null) { Be(BitConverter.GetBytes((double)v!)); return; }
                    var arr = (double[]?)v ?? Array.Empty<double>();
                    if (variable) Count(arr.Length);
                    else if (arr.Length == 0) arr = new double[int.Parse(c.ArraySize)].Select(_ => double.NaN).ToArray();
                    foreach (var x in arr) Be(BitConverter.GetBytes(x));
                    return;
                case "bit":
                {
                    var bits = (bool[])v!;
                    var packed = new byte[(bits.Length + 7) / 8];
                    for (var i = 0; i < bits.Length; i++) if (bits[i]) packed[i / 8] |= (byte)(0x80 >> (i % 8));
                    s.Write(packed);
                    return;
                }
                case "doubleComplex":
                {
                    var z = (Complex)v!;
                    Be(BitConverter.GetBytes(z.Real));
                    Be(BitConverter.GetBytes(z.Imaginary));
                    return;
                }
            }
            throw new InvalidOperationException(c.Datatype);
        }
    }
}
