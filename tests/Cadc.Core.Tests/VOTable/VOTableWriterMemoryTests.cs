using System;
using System.IO;
using System.Linq;
using Cadc.Core.VOTable;
using Xunit;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>
    /// Tests that weigh the process's managed heap (GC.GetTotalMemory) run alone: another test's buffers, live while
    /// they measure, were counted as theirs (VOTableWriter's "memory grew" failed in parallel runs).
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProcessMemory
    {
        public const string Name = "ProcessMemory";
    }

    /// <summary>VOTableWriter streams: what it holds does not grow with the rows it has written.</summary>
    [Collection(ProcessMemory.Name)]
    public sealed class VOTableWriterMemoryTests
    {
        [Fact]
        public void ManyRows_StreamWithoutGrowingMemory()
        {
            // 300k rows of 11 columns into a sink that keeps nothing: the writer holds one row at a time.
            var columns = Enumerable.Range(0, 10).Select(i => new VOTableColumn("c" + i, "double")).Append(new VOTableColumn("name", "char", "*")).ToList();
            var sink = new CountingSink();
            using var writer = new VOTableWriter(sink, columns, VOTableSerialization.Binary2);
            var row = new object?[11];
            GC.Collect();
            var before = GC.GetTotalMemory(true);
            for (var i = 0; i < 300_000; i++)
            {
                for (var c = 0; c < 10; c++) row[c] = i * 0.5 + c;
                row[10] = "source " + i;
                writer.WriteRow(row);
            }
            writer.Complete();
            var after = GC.GetTotalMemory(true);
            Assert.True(sink.Length > 300_000 * 90, $"{sink.Length} bytes written");
            Assert.True(after - before < 16 * 1024 * 1024, $"memory grew by {after - before:N0} bytes");
        }

        private sealed class CountingSink : Stream
        {
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => _length;
            private long _length;
            public override long Position { get => _length; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => _length += count;
        }
    }
}
