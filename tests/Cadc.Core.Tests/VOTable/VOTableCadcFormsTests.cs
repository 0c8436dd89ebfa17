using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Geometry;
using Cadc.Core.Tap;
using Cadc.Core.VOTable;
using Xunit;
using static Cadc.Core.Tests.VOTable.VOTableTestWriter;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>
    /// What CADC's own VOTable writer (cadc-dali, with argus's CaomFormatFactory) puts in a table, read as CADC means it:
    /// char cells of BINARY/BINARY2 in UTF-8, and the xtypes of caom2.Plane (shape, multishape, multiinterval, the
    /// 2019 "2x*" interval) each with one type for the whole column, decided by the FIELD.
    /// </summary>
    public sealed class VOTableCadcFormsTests
    {
        public static IEnumerable<object[]> Encodings() => new[] { new object[] { "TABLEDATA" }, new object[] { "BINARY" }, new object[] { "BINARY2" } };

        public static IEnumerable<object[]> BinaryEncodings() => new[] { new object[] { "BINARY" }, new object[] { "BINARY2" } };

        private static List<object?[]> ReadAll(string doc, out VOTableReader reader)
        {
            reader = VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(doc)));
            var rows = new List<object?[]>();
            object?[]? row;
            while ((row = reader.ReadRow()) != null) rows.Add(row);
            return rows;
        }

        private static void AssertRows(IReadOnlyList<TestColumn> cols, object?[][] rows, string encoding)
        {
            var read = ReadAll(Document(cols, rows, encoding), out var reader);
            Assert.Equal(rows.Length, read.Count);
            for (var r = 0; r < rows.Length; r++)
                for (var c = 0; c < cols.Count; c++)
                {
                    var expected = Expected(rows[r][c]);
                    Assert.True(Same(expected, read[r][c]), $"{encoding} row {r} {cols[c].Name}: expected {Show(expected)}, got {Show(read[r][c])}");
                    if (read[r][c] is { } v) Assert.IsAssignableFrom(reader.Fields[c].ValueType, v);
                }
        }

        // ------------------------------------------------------------------ item 5: char cells are UTF-8

        [Theory]
        [MemberData(nameof(BinaryEncodings))]
        public void CharCells_InBinary_AreUtf8_AsCadcDaliWritesThem(string encoding)
        {
            // cadc-dali's BINARY writer: value.toString().getBytes(UTF_8), the count prefix in bytes.
            var cols = new[] { new TestColumn("target_name", "char", "*"), new TestColumn("fixed", "char", "12"), new TestColumn("names", "char", "6x*") };
            var rows = new[]
            {
                new object?[] { "Côté", "Côté", new[] { "é", "日本" } },
                new object?[] { "M31 (Andromède) — ñ", "Ångström", new[] { "plain" } },
            };
            AssertRows(cols, rows, encoding);
        }

        [Theory]
        [MemberData(nameof(BinaryEncodings))]
        public void BytesThatAreNotUtf8_FallBackToLatin1_OnlyThemselves(string encoding)
        {
            var cols = new[] { new TestColumn("s", "char", "*") };
            var rows = new[]
            {
                // Latin-1 "Côté" from an older writer: 0xF4 starts no valid UTF-8 sequence here, so it is 'ô';
                // the valid UTF-8 "é" (C3 A9) next to it is still one 'é'.
                new object?[] { new Written(new byte[] { (byte)'C', 0xF4, (byte)'t', 0xC3, 0xA9 }, "Côté") },
                new object?[] { new Written(new byte[] { 0xE9, (byte)'t', 0xE9 }, "été") },
                new object?[] { new Written(new byte[] { (byte)'a', 0xC3 }, "aÃ") },    // a sequence cut short
            };
            AssertRows(cols, rows, encoding);
        }

        // ------------------------------------------------------------------ item 11: CADC's xtypes, one type per column

        // As argus declares them (caom2 tap_schema, and the 2019 VOSI tableset of cadctools' db_schema.xml).
        private static readonly TestColumn[] CaomCols =
        {
            new("position_bounds", "char", "*", "shape"),
            new("position_bounds_samples", "char", "*", "multishape"),
            new("energy_bounds_samples", "double", "*", "multiinterval"),
            new("time_bounds_samples", "double", "2x*", "interval"),       // 2019 argus
            new("energy_bounds", "double", "2", "interval"),
            new("s_region", "char", "*", "adql:REGION"),
            new("footprint", "double", "*", "polygon"),
        };

        private static SkyPolygon Poly(params double[] v) => new(Enumerable.Range(0, v.Length / 2).Select(i => new SkyPoint(v[2 * i], v[2 * i + 1])));

        private static readonly object?[][] CaomRows =
        {
            new object?[]
            {
                new Written("polygon 10 20 11 20 11 21", Poly(10, 20, 11, 20, 11, 21)),
                new Written("polygon 10 20 11 20 11 21 polygon 12 22 13 22 13 23", new object[] { Poly(10, 20, 11, 20, 11, 21), Poly(12, 22, 13, 22, 13, 23) }),
                new Written(new[] { 3e-7, 4e-7, 5e-7, 6e-7 }, new[] { new Interval(3e-7, 4e-7), new Interval(5e-7, 6e-7) }),
                new Written(new[] { 55000.5, 55000.6 }, new[] { new Interval(55000.5, 55000.6) }),
                new Interval(3e-7, 6e-7),
                new Written("Polygon ICRS 10 20 11 20 11 21", Poly(10, 20, 11, 20, 11, 21)),
                Poly(10, 20, 11, 20, 11, 21),
            },
            new object?[]
            {
                new Written("circle 10 20 0.5", new SkyCircle(10, 20, 0.5)),
                new Written("circle 10 20 0.5", new object[] { new SkyCircle(10, 20, 0.5) }),
                new Written(new[] { 1.0, 2.0 }, new[] { new Interval(1, 2) }),
                new Written(new[] { 1.0, 2.0, 3.0, 4.0 }, new[] { new Interval(1, 2), new Interval(3, 4) }),
                new Interval(1, 2),
                new Written("Circle ICRS 10 20 0.5", new SkyCircle(10, 20, 0.5)),
                Poly(0, 0, 1, 0, 1, 1, 0, 1),
            },
            new object?[] { null, null, null, null, null, null, null },
        };

        [Theory]
        [MemberData(nameof(Encodings))]
        public void CaomXtypes_GiveOneTypePerColumn_InEveryEncoding(string encoding)
        {
            AssertRows(CaomCols, CaomRows, encoding);
            ReadAll(Document(CaomCols, CaomRows, encoding), out var reader);
            Type T(string name) => reader.Fields.Single(f => f.Name == name).ValueType;
            Assert.Equal(typeof(object), T("position_bounds"));            // SkyCircle or SkyPolygon
            Assert.Equal(typeof(object[]), T("position_bounds_samples"));  // of SkyCircle / SkyPolygon
            Assert.Equal(typeof(Interval[]), T("energy_bounds_samples"));
            Assert.Equal(typeof(Interval[]), T("time_bounds_samples"));    // one interval or many: always an array
            Assert.Equal(typeof(Interval), T("energy_bounds"));
            Assert.Equal(typeof(SkyPolygon), T("footprint"));
        }

        [Theory]
        [InlineData("double", "*", "polygon", "1 2 3 4")]
        [InlineData("double", "*", "polygon", "1 2 3 4 5 6 7")]
        [InlineData("double", "2x*", "interval", "1 2 3")]
        [InlineData("double", "*", "multiinterval", "1 2 3")]
        [InlineData("double", "*", "circle", "1 2")]
        [InlineData("double", "*", "point", "1 2 3")]
        [InlineData("char", "*", "point", "junk")]
        [InlineData("char", "*", "circle", "Polygon ICRS 1 2 3 4 5 6")]
        public void AValueThatIsNotItsColumnsType_IsAFormatError_NotAnotherType(string datatype, string arraysize, string xtype, string text)
        {
            var cols = new[] { new TestColumn("c", datatype, arraysize, xtype) };
            var doc = Document(cols, new[] { new object?[] { text } }, "TABLEDATA");
            var ex = Assert.Throws<VOTableFormatException>(() => ReadAll(doc, out _));
            Assert.Contains(xtype, ex.Message);
            Assert.Contains("'c'", ex.Message);
        }

        [Fact]
        public void AFixedArraysizeThatCannotBeTheXtype_KeepsTheNumbers_ForEveryRow()
        {
            // Decided from the FIELD, once: a double[4] "interval" is four numbers in every row, never sometimes an Interval.
            var cols = new[] { new TestColumn("c", "double", "4", "interval") };
            var rows = ReadAll(Document(cols, new[] { new object?[] { new[] { 1.0, 2, 3, 4 } }, new object?[] { new[] { 5.0, 6, 7, 8 } } }, "BINARY2"), out var reader);
            Assert.Equal(typeof(double[]), reader.Fields[0].ValueType);
            Assert.All(rows, r => Assert.IsType<double[]>(r[0]));
        }

        // ------------------------------------------------------------------ item 11: CSV as CADC writes it

        [Fact]
        public async Task Csv_WritesShapesAsCadcsCsvDoes_WithTheirKeyword()
        {
            // cadc-dali's ShapeFormat and MultiShapeFormat (what argus's CSV has for position_bounds and its samples):
            // "circle ra dec r", "polygon ra1 dec1 ...", shapes of a multishape separated by a space; circle,
            // polygon, point, interval and multiinterval columns are bare numbers; adql:REGION is STC-S.
            var cols = new[]
            {
                new TestColumn("position_bounds", "char", "*", "shape"),
                new TestColumn("position_bounds_samples", "char", "*", "multishape"),
                new TestColumn("s_region", "char", "*", "adql:REGION"),
                new TestColumn("circle", "double", "3", "circle"),
                new TestColumn("polygon", "double", "*", "polygon"),
                new TestColumn("energy_bounds", "double", "2", "interval"),
                new TestColumn("energy_bounds_samples", "double", "*", "multiinterval"),
            };
            var rows = new[]
            {
                new object?[]
                {
                    "polygon 10 20 11 20 11 21", "polygon 10 20 11 20 11 21 circle 12 22 0.5", "Polygon ICRS 10 20 11 20 11 21",
                    new SkyCircle(10, 20, 0.5), Poly(10, 20, 11, 20, 11, 21), new Interval(1, 2), new[] { 1.0, 2, 3, 4 },
                },
                new object?[] { "circle 10 20 0.5", "circle 10 20 0.5", "Circle ICRS 10 20 0.5", null, null, null, null },
            };
            var doc = Document(cols, rows, "TABLEDATA");
            var dir = Directory.CreateTempSubdirectory("cadcps-csv-").FullName;
            try
            {
                var path = Path.Combine(dir, "x.csv");
                await TapResultFile.SaveAsync((_, _) =>
                {
                    var s = new MemoryStream(Encoding.UTF8.GetBytes(doc));
                    return Task.FromResult(new TapResult(VOTableReader.Open(s), s, "q", () => s.Position));
                }, path, TapFileFormat.Csv, new CadcCall(new CadcContext(), NullLog.Instance, CancellationToken.None));
                var lines = File.ReadAllText(path).Split("\r\n");
                Assert.Equal("position_bounds,position_bounds_samples,s_region,circle,polygon,energy_bounds,energy_bounds_samples", lines[0]);
                Assert.Equal("polygon 10 20 11 20 11 21,polygon 10 20 11 20 11 21 circle 12 22 0.5,Polygon 10 20 11 20 11 21,10 20 0.5,10 20 11 20 11 21,1 2,1 2 3 4", lines[1]);
                Assert.Equal("circle 10 20 0.5,circle 10 20 0.5,Circle 10 20 0.5,,,,", lines[2]);
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
