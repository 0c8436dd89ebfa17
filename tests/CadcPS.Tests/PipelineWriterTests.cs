using System;
using System.Collections;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>The hand-over between a cmdlet's background work and its pipeline thread, as the module ships it.</summary>
    public sealed class PipelineWriterTests
    {
        [Fact]
        public async Task EachWaitIsWokenOnce_NotOncePerRowThatArrivesBeforeTheWokenSideRuns()
        {
            // A fresh process's first query spent much of its time in these wake-ups: the producer pulsed for every row
            // it added between waking the consumer and the consumer taking the lock again.
            using var e = new Engine(); // imports the module folder as built, so its CadcPS.dll is the one loaded
            var module = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "CadcPS" && a.Location.Contains("out"));
            var type = module.GetType("CadcPS.Infrastructure.PipelineWriter", throwOnError: true)!;
            var writer = (IDisposable)Activator.CreateInstance(type, BindingFlags.Public | BindingFlags.Instance, null, new object[] { 512, CancellationToken.None }, null)!;
            using (writer)
            {
                var write = type.GetMethod("WriteObject")!;
                const int rows = 200_000;
                var producer = Task.Run(() =>
                {
                    var one = new object[1];
                    for (var i = 0; i < rows; i++) { one[0] = i; write.Invoke(writer, one); }
                    type.GetMethod("Complete")!.Invoke(writer, null);
                });
                var consumed = 0;
                foreach (var _ in (IEnumerable)type.GetMethod("Consume")!.Invoke(writer, new object[] { CancellationToken.None })!)
                    if (++consumed % 4096 == 0) Thread.SpinWait(20_000); // now and then slower than the producer, so both sides wait
                await producer;
                var wakes = (long)type.GetProperty("Wakes", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(writer)!;
                var waits = (long)type.GetProperty("Waits", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(writer)!;
                Assert.Equal(rows, consumed);
                Assert.True(waits > 0, "neither side ever waited: the test did not exercise the hand-over");
                Assert.True(wakes <= waits, $"{wakes:N0} wake-ups for {waits:N0} waits");
            }
        }
    }
}
