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
    /// What CADC's own VOTable writer (cadc-dali) puts in a table, read as CADC means it: char cells of BINARY/BINARY2 in UTF-8.
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
    }
}
