using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Cadc.Core.Errors;
using Cadc.Core.VOTable;
using Xunit;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>VOTableExport (rows of any shape into one table) and VOTableFile (a saved table read back).</summary>
    public sealed class VOTableFileTests : IDisposable
    {
        private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cadc-vot-" + Guid.NewGuid().ToString("N"))).FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private string Export(VOTableSerialization serialization, Action<VOTableExport> add, string name = "t.xml")
        {
            var path = Path.Combine(_dir, name);
            using (var file = File.Create(path))
            using (var export = new VOTableExport(file, serialization, "t"))
            {
                add(export);
                export.Complete();
            }
            return path;
        }

        private static List<object?[]> ReadAll(VOTableFile file)
        {
            var rows = new List<object?[]>();
            object?[]? row;
            while ((row = file.ReadRow()) != null) rows.Add(row);
            return rows;
        }

        [Theory]
        [InlineData(VOTableSerialization.TableData)]
        [InlineData(VOTableSerialization.Binary2)]
        public void KnownMetadata_IsKept_AndOtherColumnsAreTypedFromTheRows(VOTableSerialization serialization)
        {
            var ra = new VOTableColumn("ra", "double", unit: "deg", ucd: "pos.eq.ra");
            var path = Export(serialization, e =>
            {
                e.Add(new[] { "ra", "note", "n" }, new[] { ra, null, null }, new object?[] { 10.5, "first", "3" });
                // a later row with another shape: matched by name, missing is null, extra is dropped
                e.Add(new[] { "N", "ra", "extra" }, new VOTableColumn?[] { null, ra, null }, new object?[] { "4", 11.5, "x" });
            });
            using var file = VOTableFile.Open(path);
            Assert.Equal(new[] { "ra", "note", "n" }, file.Fields.Select(f => f.Name));
            Assert.Equal(("deg", "pos.eq.ra"), (file.Fields[0].Unit, file.Fields[0].Ucd));
            Assert.Equal("long", file.Fields[2].Datatype);
            var rows = ReadAll(file);
            Assert.Equal(new object?[] { 10.5, "first", 3L }, rows[0]);
            Assert.Equal(new object?[] { 11.5, null, 4L }, rows[1]);
        }

        [Fact]
        public void DroppedProperties_AreReported()
        {
            VOTableExport? seen = null;
            Export(VOTableSerialization.TableData, e =>
            {
                seen = e;
                e.Add(new[] { "a" }, new VOTableColumn?[] { null }, new object?[] { 1 });
                e.Add(new[] { "a", "b" }, new VOTableColumn?[] { null, null }, new object?[] { 2, 3 });
            });
            Assert.Equal(new[] { "b" }, seen!.Dropped);
        }

        [Fact]
        public void MoreRowsThanTheSample_StreamAfterTheHeader()
        {
            var path = Export(VOTableSerialization.Binary2, e =>
            {
                for (var i = 0; i < VOTableExport.SampleRows * 3 + 7; i++)
                    e.Add(new[] { "i", "s" }, new VOTableColumn?[] { null, null }, new object?[] { i, "row " + i });
            });
            using var file = VOTableFile.Open(path);
            var rows = ReadAll(file);
            Assert.Equal(VOTableExport.SampleRows * 3 + 7, rows.Count);
            Assert.Equal(new object?[] { VOTableExport.SampleRows * 3 + 6, "row " + (VOTableExport.SampleRows * 3 + 6) }, rows[^1]);
        }

        [Fact]
        public void NothingToExport_IsInvalidTableValue()
        {
            using var export = new VOTableExport(new MemoryStream(), VOTableSerialization.TableData);
            Assert.Equal(ErrorIds.InvalidTableValue, Assert.Throws<CadcException>(() => export.Complete()).ErrorId);
        }

        [Fact]
        public void AGzipdFile_IsReadWhateverItsName()
        {
            var plain = Export(VOTableSerialization.TableData, e => e.Add(new[] { "a" }, new VOTableColumn?[] { null }, new object?[] { 1.5 }));
            var gz = Path.Combine(_dir, "table.dat");
            using (var output = File.Create(gz))
            using (var zip = new GZipStream(output, CompressionLevel.Fastest))
                zip.Write(File.ReadAllBytes(plain));
            using var file = VOTableFile.Open(gz);
            Assert.Equal(new object?[] { 1.5 }, ReadAll(file).Single());
        }

        [Fact]
        public void AMissingFile_IsVOTableFileNotFound_AndACorruptOne_InvalidVOTable()
        {
            Assert.Equal(ErrorIds.VOTableFileNotFound, Assert.Throws<CadcException>(() => VOTableFile.Open(Path.Combine(_dir, "none.xml"))).ErrorId);
            var text = Path.Combine(_dir, "text.xml");
            File.WriteAllText(text, "not a votable");
            Assert.Equal(ErrorIds.InvalidVOTable, Assert.Throws<CadcException>(() => VOTableFile.Open(text)).ErrorId);
            // cut in the middle of the rows: the rows before the cut come out, then a typed error
            var whole = Export(VOTableSerialization.TableData, e => { for (var i = 0; i < 50; i++) e.Add(new[] { "i" }, new VOTableColumn?[] { null }, new object?[] { i }); });
            var bytes = File.ReadAllBytes(whole);
            var cut = Path.Combine(_dir, "cut.xml");
            File.WriteAllBytes(cut, bytes.Take(bytes.Length - 200).ToArray());
            using var file = VOTableFile.Open(cut);
            var read = 0;
            var error = Assert.Throws<CadcException>(() => { while (file.ReadRow() != null) read++; });
            Assert.Equal(ErrorIds.InvalidVOTable, error.ErrorId);
            Assert.InRange(read, 30, 49);
        }
    }
}
