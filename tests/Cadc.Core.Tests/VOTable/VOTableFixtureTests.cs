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
        // XML documents whose first KB has <VOTABLE: some fixtures (OpenAPI YAML) quote VOTables inside other text.
        public static IEnumerable<object[]> Files() => Fixtures.FilesContaining("<VOTABLE", 1024)
            .Where(f => File.ReadAllText(Fixtures.PathOf(f)).TrimStart('\uFEFF', ' ', '\r', '\n', '\t').StartsWith("<", StringComparison.Ordinal))
            .Select(f => new object[] { f });

        /// <summary>The VOTable fixtures whose text holds <paramref name="text"/> (an element name: TABLEDATA, STREAM).</summary>
        public static IEnumerable<object[]> FilesWith(string text)
            => Files().Where(f => File.ReadAllText(Fixtures.PathOf((string)f[0])).Contains(text, StringComparison.Ordinal));

        [Fact]
        public void TheFixtures_AreThere()
            => Assert.True(Files().Count() >= 30, $"expected the shared fixtures (../shared/fixtures) with 30+ VOTables, found {Files().Count()}");

        [Theory]
        [MemberData(nameof(Files))]
        public void EveryFixture_ReadsToTheEnd_WithValuesOfTheDeclaredTypes(string file)
        {
            using var s = File.OpenRead(Fixtures.PathOf(file));
            using var reader = VOTableReader.Open(s);
            object?[]? row;
            while ((row = reader.ReadRow()) != null)
            {
                Assert.Equal(reader.Fields.Count, row.Length);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null) continue;
                    var f = reader.Fields[i];
                    // one type per column (ValueType); only timestamp text that is not a date stays a string
                    var raw = f.XType != null && f.XType.EndsWith("timestamp", StringComparison.OrdinalIgnoreCase) && row[i] is string;
                    Assert.True(f.ValueType.IsInstanceOfType(row[i]) || raw,
                        $"{file}: {f.Key} ({f.Datatype} {f.ArraySize} {f.XType}) gave {row[i]!.GetType().Name}, declared {f.ValueType.Name}");
                }
            }
            if (reader.HasTable) Assert.NotEmpty(reader.Fields);
            else Assert.Empty(reader.Fields);
            Assert.Equal(reader.Fields.Count, reader.Fields.Select(f => f.Key.ToLowerInvariant()).Distinct().Count());
            if (string.Equals(reader.QueryStatus, "ERROR", StringComparison.OrdinalIgnoreCase)) Assert.False(string.IsNullOrWhiteSpace(reader.QueryStatusMessage));
            Assert.Null(reader.ReadRow());
        }

        private static List<object?[]> ReadAll(string file, out VOTableReader reader)
        {
            var s = new MemoryStream(File.ReadAllBytes(Fixtures.PathOf(file)));
            reader = VOTableReader.Open(s);
            var rows = new List<object?[]>();
            object?[]? row;
            while ((row = reader.ReadRow()) != null) rows.Add(row);
            return rows;
        }

        private static object? Cell(VOTableReader r, object?[] row, string name) => row[r.Fields.Select(f => f.Name).ToList().IndexOf(name)];

        [Fact]
        public void Binary2_OfCadc_AsAstropyReadsIt()
        {
            var rows = ReadAll("astroquery/_history/8b3a6cfe4a/astroquery/cadc/tests/data/job_1.vot", out var r);
            Assert.Equal(new[] { "alpha", "delta", "source_id", "table1_oid" }, r.Fields.Select(f => f.Name));
            Assert.Equal(new[] { typeof(double), typeof(double), typeof(string), typeof(int) }, r.Fields.Select(f => f.ValueType));
            Assert.Equal(3, rows.Count);
            Assert.Equal(new object?[] { 1.0, 2.0, "a", 1 }, rows[0]);
            Assert.Equal(new object?[] { 5.0, 6.0, "c", 3 }, rows[2]);
            Assert.Equal("OK", r.QueryStatus);
        }

        [Fact]
        public void Binary_OfCadcYoucat_AsAstropyReadsIt()
        {
            var rows = ReadAll("tap/youcat/src/intTest/resources/binary-vot.xml", out var r);
            Assert.Equal(23, rows.Count);
            Assert.Equal((short)0, Cell(r, rows[0], "d_short"));
            Assert.Equal("A", Cell(r, rows[0], "d_char"));
            Assert.Equal("0", Cell(r, rows[0], "d_string"));
            Assert.Equal(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), Cell(r, rows[0], "d_time"));
            Assert.Equal(new DateTime(2000, 1, 23, 5, 16, 48, DateTimeKind.Utc), Cell(r, rows[22], "d_time"));
            Assert.Null(Cell(r, rows[22], "d_short"));   // VALUES null
            Assert.Equal("22", Cell(r, rows[22], "d_string"));
        }

        [Fact]
        public void Binary_OfStil_InCadcDali()
        {
            var rows = ReadAll("dal/cadc-dali/src/test/resources/VOTableReaderWriterTest_testReadVOTableBinaryData.xml", out var r);
            Assert.Equal(23, rows.Count);
            Assert.Equal(new[] { "d_short", "d_int", "d_long", "d_float", "d_double", "d_char", "d_string", "d_time" }, r.Fields.Select(f => f.Name));
            Assert.Equal(new object?[] { (short)1, 1, 1L, 1.125f, 1.125, "B", "1", new DateTime(2000, 1, 2, 0, 14, 24, DateTimeKind.Utc) }, rows[1]);
            // the last row: VALUES nulls for the integers, NaN for the floats (BINARY's null: null too), "22" in the char[2]
            Assert.Equal(new object?[] { null, null, null, null, null, "W", "22", new DateTime(2000, 1, 23, 5, 16, 48, DateTimeKind.Utc) }, rows[22]);
        }

        [Fact]
        public void TableData_OfCadc_CaomColumns()
        {
            var rows = ReadAll("astroquery/_history/657a6aa50e/astroquery/cadc/tests/data/data_coords.xml", out var r);
            Assert.Equal(3, rows.Count);
            Assert.Equal("HST", Cell(r, rows[0], "Collection"));
            Assert.Equal("j8y501020", Cell(r, rows[0], "Obs. ID"));
            Assert.Equal(244.26038568976307, Cell(r, rows[0], "RA (J2000.0)"));
            Assert.Equal("M80", Cell(r, rows[2], "Target Name"));
        }

        [Fact]
        public void TableData_OfCadcTapServer_AllTypes()
        {
            var rows = ReadAll("tap/cadc-tap-server/src/test/resources/AllTypes.xml", out var r);
            Assert.Single(rows);
            Assert.Equal(new object?[] { (short)1, (short)1, 2, 2, 3L, 3L, 4.4f, 4.4f, 5.5, 5.5, "C", "C", "char(32) of exact--len", "varchar(32) value", "varchar_xtype",
                new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc) }, rows[0]);
            ReadAll("tap/cadc-tap-server/src/test/resources/AllTypes-NoRows.xml", out var empty);
            Assert.True(empty.HasTable);
            Assert.True(empty.Fields.Count >= r.Fields.Count);
        }

        [Fact]
        public void QueryStatus_Error()
        {
            var rows = ReadAll("pyvo/pyvo/dal/tests/data/query/errorstatus.xml", out var error);
            Assert.Equal("ERROR", error.QueryStatus);
            Assert.False(string.IsNullOrWhiteSpace(error.QueryStatusMessage));
        }

        [Fact]
        public void QueryStatus_TrailingOverflow_WinsOverTheLeadingOk()
        {
            var rows = ReadAll("pyvo/pyvo/dal/tests/data/query/overflowstatus.xml", out var overflow);
            Assert.Equal(3, rows.Count);
            Assert.Equal("OVERFLOW", overflow.QueryStatus);
            Assert.Equal(2, overflow.Infos.Count(i => i.Name == "QUERY_STATUS"));
        }

        [Fact]
        public void Dachs_InfoWithTextBeforeTheTable_BinaryAndTrailingOverflow()
        {
            var rows = ReadAll("pyvo/_history/a6ca90608c/pyvo/dal/tests/data/arihip-tap-async-result.xml", out var r);
            Assert.True(r.HasTable);
            Assert.Equal("result", r.Fields.Single().Name);
            Assert.StartsWith("-- *TAINTED*", r.Fields[0].Description);
            Assert.Equal("-32768", r.Fields[0].NullValue);
            Assert.Equal(new object?[] { (short)2 }, Assert.Single(rows));
            Assert.Equal("OVERFLOW", r.QueryStatus);
            Assert.Contains(r.Infos, i => i.Name == "src_res" && i.Content!.Contains("ARIHIP"));
        }

        [Fact]
        public void AstropyOddities_NoResource_NoTable_NoColumns()
        {
            ReadAll("pyvo/pyvo/dal/tests/data/query/missingresource.xml", out var noResource);
            Assert.False(noResource.HasTable);
            Assert.Null(noResource.QueryStatus);
            ReadAll("pyvo/pyvo/dal/tests/data/query/missingtable.xml", out var noTable);
            Assert.False(noTable.HasTable);
            Assert.Equal("OK", noTable.QueryStatus);
            var rows = ReadAll("pyvo/pyvo/dal/tests/data/query/missingcolumns.xml", out var noColumns);
            Assert.False(noColumns.HasTable);   // a TABLE without FIELDs (and three empty TRs) counts as no table
            Assert.Empty(rows);
        }

        [Fact]
        public void Datalink_ResultsTable_NotTheServiceDescriptors()
        {
            var rows = ReadAll("pyvo/pyvo/dal/tests/data/datalink/datalink.xml", out var r);
            Assert.True(r.HasTable);
            Assert.Contains(r.Fields, f => f.Name == "access_url");
            Assert.NotEmpty(rows);
            Assert.DoesNotContain(r.Params, p => p.Name == "accessURL"); // the service descriptor's PARAMs are not the table's
        }
    }
}
