using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using Cadc.Core.Errors;
using Cadc.Core.Geometry;
using Cadc.Core.VOTable;
using Xunit;
using static Cadc.Core.Tests.VOTable.VOTableTestWriter;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>
    /// VOTableWriter: what it writes reads back (through VOTableReader) as the same values and metadata, in both
    /// serializations, for every datatype, arraysize and xtype the reader gives values of.
    /// </summary>
    public sealed class VOTableWriterTests
    {
        private static List<object?[]> ReadAll(VOTableReader reader)
        {
            var rows = new List<object?[]>();
            object?[]? row;
            while ((row = reader.ReadRow()) != null) rows.Add(row);
            return rows;
        }

        private static byte[] Write(IReadOnlyList<VOTableColumn> columns, IEnumerable<object?[]> rows, VOTableSerialization serialization)
        {
            var stream = new MemoryStream();
            using (var writer = new VOTableWriter(stream, columns, serialization, "result", new[] { new KeyValuePair<string, string>("QUERY_STATUS", "OK") }))
            {
                foreach (var row in rows) writer.WriteRow(row);
                writer.Complete();
            }
            return stream.ToArray();
        }

        public static IEnumerable<object[]> Serializations() => new[] { new object[] { VOTableSerialization.TableData }, new object[] { VOTableSerialization.Binary2 } };

        [Theory]
        [MemberData(nameof(Serializations))]
        public void ARead_Table_WrittenBack_ReadsTheSameValuesAndMetadata(VOTableSerialization serialization)
        {
            // Every type the reader produces: the encoding tests' table, read once, then written and read again.
            using var original = VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(Document(VOTableEncodingTests.Cols, VOTableEncodingTests.Rows, "TABLEDATA"))));
            var fields = original.Fields.ToList();
            var rows = ReadAll(original);
            var bytes = Write(fields.Select(f => VOTableColumn.From(f, f.Name)).ToList(), rows, serialization);

            using var again = VOTableReader.Open(new MemoryStream(bytes));
            Assert.Equal(fields.Select(f => f.Key), again.Fields.Select(f => f.Key));
            for (var c = 0; c < fields.Count; c++)
            {
                Assert.Equal(fields[c].Datatype, again.Fields[c].Datatype);
                Assert.Equal(fields[c].XType, again.Fields[c].XType);
                Assert.Equal(fields[c].ValueType, again.Fields[c].ValueType);
                Assert.Equal(fields[c].Description, again.Fields[c].Description);
            }
            var read = ReadAll(again);
            Assert.Equal(rows.Count, read.Count);
            for (var r = 0; r < rows.Count; r++)
                for (var c = 0; c < fields.Count; c++)
                    Assert.True(Same(rows[r][c], read[r][c]), $"{serialization} row {r} {fields[c].Name}: wrote {Show(rows[r][c])}, read {Show(read[r][c])}");
            Assert.Equal("OK", again.QueryStatus);
        }

        [Theory]
        [MemberData(nameof(Serializations))]
        public void UnitsUcdsUtypesAndDescriptions_GoOut(VOTableSerialization serialization)
        {
            var columns = new[]
            {
                new VOTableColumn("ra", "double", unit: "deg", ucd: "pos.eq.ra;meta.main", utype: "caom2:Plane.position.ra", description: "Right ascension <ICRS> & more"),
                new VOTableColumn("name", "char", "*", ucd: "meta.id"),
            };
            var bytes = Write(columns, new[] { new object?[] { 10.5, "M31" } }, serialization);
            using var reader = VOTableReader.Open(new MemoryStream(bytes));
            Assert.Equal("deg", reader.Fields[0].Unit);
            Assert.Equal("pos.eq.ra;meta.main", reader.Fields[0].Ucd);
            Assert.Equal("caom2:Plane.position.ra", reader.Fields[0].Utype);
            Assert.Equal("Right ascension <ICRS> & more", reader.Fields[0].Description);
            Assert.Equal("meta.id", reader.Fields[1].Ucd);
            Assert.Equal(new object?[] { 10.5, "M31" }, ReadAll(reader).Single());
        }

        [Fact]
        public void TheDocument_IsVOTable14_WithOneTableInAResultsResource()
        {
            var doc = XDocument.Parse(Encoding.UTF8.GetString(Write(new[] { new VOTableColumn("a", "long") }, new[] { new object?[] { 1L } }, VOTableSerialization.TableData)));
            XNamespace v = "http://www.ivoa.net/xml/VOTable/v1.3";
            Assert.Equal(v + "VOTABLE", doc.Root!.Name);
            Assert.Equal("1.4", (string?)doc.Root.Attribute("version"));
            Assert.Equal("results", (string?)doc.Root.Element(v + "RESOURCE")!.Attribute("type"));
            Assert.Single(doc.Descendants(v + "TABLE"));
        }

        [Fact]
        public void ImportCsvStrings_AreInferredAsNumbersTimesAndBooleans_AndConverted()
        {
            var rows = new[]
            {
                new object?[] { "1", "2.5", "2020-01-02T03:04:05Z", "true", "M31", "" },
                new object?[] { "-7", "1e3", "2021-06-30", "False", "NGC 224", "" },
            };
            var names = new[] { "n", "x", "t", "b", "name", "empty" };
            var columns = names.Select((n, c) => VOTableColumn.Infer(n, rows.Select(r => r[c]))).ToList();
            Assert.Equal(new[] { "long", "double", "char", "boolean", "char", "char" }, columns.Select(c => c.Datatype));
            Assert.Equal("timestamp", columns[2].XType);
            using var reader = VOTableReader.Open(new MemoryStream(Write(columns, rows, VOTableSerialization.Binary2)));
            var read = ReadAll(reader);
            Assert.Equal(new object?[] { 1L, 2.5, new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc), true, "M31", null }, read[0]);
            Assert.Equal(new object?[] { -7L, 1000.0, new DateTime(2021, 6, 30, 0, 0, 0, DateTimeKind.Utc), false, "NGC 224", null }, read[1]);
        }

        [Fact]
        public void MixedValues_WidenToTheTypeThatHoldsThemAll()
        {
            Assert.Equal("double", VOTableColumn.Infer("a", new object?[] { 1, 2.5f, 3L }).Datatype);
            Assert.Equal("long", VOTableColumn.Infer("a", new object?[] { (short)1, 2, 3L }).Datatype);
            Assert.Equal("char", VOTableColumn.Infer("a", new object?[] { 1, "x" }).Datatype);
            Assert.Equal("unicodeChar", VOTableColumn.Infer("a", new object?[] { "é" }).Datatype);
            var shapes = VOTableColumn.Infer("s", new object?[] { new SkyPoint(1, 2), new SkyCircle(1, 2, 3) });
            Assert.Equal(("char", "shape"), (shapes.Datatype, shapes.XType));
            var point = VOTableColumn.Infer("p", new object?[] { new SkyPoint(1, 2) });
            Assert.Equal(("double", "2", "point"), (point.Datatype, point.ArraySize, point.XType));
        }

        [Theory]
        [MemberData(nameof(Serializations))]
        public void AValueThatDoesNotFit_IsInvalidTableValue_NamingRowAndColumn(VOTableSerialization serialization)
        {
            var stream = new MemoryStream();
            using var writer = new VOTableWriter(stream, new[] { new VOTableColumn("x", "double"), new VOTableColumn("p", "double", "2") }, serialization);
            writer.WriteRow(new object?[] { 1.0, new[] { 1.0, 2.0 } });
            var text = Assert.Throws<CadcException>(() => writer.WriteRow(new object?[] { "abc", null }));
            Assert.Equal(ErrorIds.InvalidTableValue, text.ErrorId);
            Assert.Contains("Row 2", text.Message);
            Assert.Equal("x", text.Target);
            var count = Assert.Throws<CadcException>(() => writer.WriteRow(new object?[] { 1.0, new[] { 1.0, 2.0, 3.0 } }));
            Assert.Equal(ErrorIds.InvalidTableValue, count.ErrorId);
            Assert.Equal("p", count.Target);
        }

        [Fact]
        public void AnUnknownDatatypeOrArraysize_IsInvalidTableValue()
        {
            Assert.Equal(ErrorIds.InvalidTableValue, Assert.Throws<CadcException>(() => new VOTableWriter(new MemoryStream(), new[] { new VOTableColumn("x", "quad") }, VOTableSerialization.TableData)).ErrorId);
            Assert.Equal(ErrorIds.InvalidTableValue, Assert.Throws<CadcException>(() => new VOTableWriter(new MemoryStream(), new[] { new VOTableColumn("x", "int", "*x3") }, VOTableSerialization.TableData)).ErrorId);
        }

        [Fact]
        public void MarkupAndControlCharacters_InNamesAndValues_StayWellFormed()
        {
            var bytes = Write(new[] { new VOTableColumn("a<b>\"&", "char", "*") }, new[] { new object?[] { "x\u0001y<&>\u001b[31m" } }, VOTableSerialization.TableData);
            using var reader = VOTableReader.Open(new MemoryStream(bytes));
            Assert.Equal("a<b>\"&", reader.Fields[0].Name);
            Assert.Equal("xy<&>[31m", ReadAll(reader).Single()[0]);
        }
    }
}
