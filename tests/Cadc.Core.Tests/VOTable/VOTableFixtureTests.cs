using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Cadc.Core.VOTable;
using Xunit;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>The reader on every VOTable among the shared fixtures (real CADC and VO responses), read in place.</summary>
    public sealed class VOTableFixtureTests
    {
        // XML documents only: some fixtures (OpenAPI YAML) quote VOTables inside other text.
        public static IEnumerable<object[]> Files() => Fixtures.FilesContaining("<VOTABLE")
            .Where(f => File.ReadAllText(Fixtures.PathOf(f)).TrimStart('\uFEFF', ' ', '\r', '\n', '\t').StartsWith("<", StringComparison.Ordinal))
            .Select(f => new object[] { f });

        [Fact]
        public void TheFixtures_AreThere()
            => Assert.True(Files().Count() >= 30, $"expected the shared fixtures next to the checkout with 30+ VOTables, found {Files().Count()}");

        [Theory]
        [MemberData(nameof(Files))]
        public void EveryFixture_ReadsToTheEnd_WithValuesOfTheDeclaredTypes(string file)
        {
            using var s = File.OpenRead(Fixtures.PathOf(file));
            using var reader = VOTableReader.Open(s);
            var rows = 0;
            object?[]? row;
            while ((row = reader.ReadRow()) != null)
            {
                rows++;
                Assert.Equal(reader.Fields.Count, row.Length);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null) continue;
                    var f = reader.Fields[i];
                    // xtype values that do not fit their shape are kept raw (string or double[])
                    Assert.True(f.ValueType.IsInstanceOfType(row[i]) || row[i] is string || row[i] is double[],
                        $"{file}: {f.Key} ({f.Datatype} {f.ArraySize} {f.XType}) gave {row[i]!.GetType().Name}, declared {f.ValueType.Name}");
                }
            }
            if (reader.HasTable) Assert.NotEmpty(reader.Fields);
            Assert.Equal(reader.Fields.Count, reader.Fields.Select(f => f.Key.ToLowerInvariant()).Distinct().Count());
            if (string.Equals(reader.QueryStatus, "ERROR", StringComparison.OrdinalIgnoreCase)) Assert.False(string.IsNullOrWhiteSpace(reader.QueryStatusMessage));
        }

        private static List<object?[]> ReadAll(string file, out VOTableReader reader)
        {
            var s = File.OpenRead(Fixtures.PathOf(file));
            reader = VOTableReader.Open(s);
            var rows = new List<object?[]>();
            object?[]? row;
            while ((row = reader.ReadRow()) != null) rows.Add(row);
            return rows;
        }

        [Fact]
        public void Binary2_OfCadc_AsAstropyReadsIt()
        {
            var rows = ReadAll("astroquery/_history/8b3a6cfe4a/astroquery/cadc/tests/data/job_1.vot", out var r);
            Assert.Equal(new[] { "alpha", "delta", "source_id", "table1_oid" }, r.Fields.Select(f => f.Name));
            Assert.Equal(3, rows.Count);
            Assert.Equal(new object?[] { 1.0, 2.0, "a", 1 }, rows[0]);
            Assert.Equal(new object?[] { 5.0, 6.0, "c", 3 }, rows[2]);
        }

        [Fact]
        public void Binary_OfCadcYoucat_AsAstropyReadsIt()
        {
            var rows = ReadAll("tap/youcat/src/intTest/resources/binary-vot.xml", out var r);
            Assert.Equal(23, rows.Count);
            var k = r.Fields.Select(f => f.Name).ToList();
            Assert.Equal((short)0, rows[0][k.IndexOf("d_short")]);
            Assert.Equal("A", rows[0][k.IndexOf("d_char")]);
            Assert.Equal("0", rows[0][k.IndexOf("d_string")]);
            Assert.Equal(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), rows[0][k.IndexOf("d_time")]);
            Assert.Equal(new DateTime(2000, 1, 23, 5, 16, 48, DateTimeKind.Utc), rows[22][k.IndexOf("d_time")]);
            Assert.Null(rows[22][k.IndexOf("d_short")]);   // VALUES null
            Assert.Equal("22", rows[22][k.IndexOf("d_string")]);
        }

        [Fact]
        public void TableData_OfCadc_CaomColumns()
        {
            var rows = ReadAll("astroquery/_history/657a6aa50e/astroquery/cadc/tests/data/data_coords.xml", out var r);
            Assert.Equal(3, rows.Count);
            var k = r.Fields.Select(f => f.Name).ToList();
            Assert.Equal("HST", rows[0][k.IndexOf("Collection")]);
            Assert.Equal("j8y501020", rows[0][k.IndexOf("Obs. ID")]);
            Assert.Equal(244.26038568976307, rows[0][k.IndexOf("RA (J2000.0)")]);
            Assert.Equal("M80", rows[2][k.IndexOf("Target Name")]);
        }

        [Fact]
        public void QueryStatus_ErrorAndTrailingOverflow()
        {
            ReadAll("pyvo/pyvo/dal/tests/data/query/errorstatus.xml", out var error);
            Assert.Equal("ERROR", error.QueryStatus);
            var rows = ReadAll("pyvo/pyvo/dal/tests/data/query/overflowstatus.xml", out var overflow);
            Assert.Equal(3, rows.Count);
            Assert.Equal("OVERFLOW", overflow.QueryStatus);   // the trailing INFO wins over the leading OK
        }
    }
}
