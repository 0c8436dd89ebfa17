using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;

namespace Cadc.Core.Tests
{
    /// <summary>Every line Core logs, in order, and a way to wait for one while the work goes on.</summary>
    internal sealed class RecordingLog : ICadcLog
    {
        private readonly ConcurrentBag<(string Fragment, TaskCompletionSource<string> Seen)> _watches = new ConcurrentBag<(string, TaskCompletionSource<string>)>();

        public ConcurrentQueue<string> Queue { get; } = new ConcurrentQueue<string>();
        public string[] Lines => Queue.ToArray();
        public void Verbose(string message) => Add(message);
        public void Debug(string message) => Add(message);
        public void Warning(string message) => Add(message);

        /// <summary>The first line containing <paramref name="fragment"/>, logged already or later.</summary>
        public Task<string> LineContaining(string fragment)
        {
            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _watches.Add((fragment, seen));
            // Registered first, then the lines so far: a line logged in between is caught by one or the other.
            var earlier = Queue.FirstOrDefault(l => l.Contains(fragment));
            if (earlier != null) seen.TrySetResult(earlier);
            return seen.Task;
        }

        private void Add(string message)
        {
            Queue.Enqueue(message);
            foreach (var (fragment, seen) in _watches)
                if (message.Contains(fragment)) seen.TrySetResult(message);
        }
    }
}
