using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using Cadc.Core;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// What background work hands to the pipeline thread: objects, errors, verbose, warnings, progress.
    /// Bounded, so a fast producer waits for a slow pipeline instead of filling memory.
    /// Only <see cref="CadcCmdlet"/> on the pipeline thread turns these into Write* calls.
    /// </summary>
    /// <remarks>
    /// Handed over in batches: the pipeline thread takes every message waiting at once, and the producer wakes it
    /// for a batch (<see cref="Batch"/> objects), for anything that is not an object, or for the first object,
    /// not for every row: a wake-up per row (BlockingCollection's) cost more than the row's trip through the
    /// pipeline. Rows that wait for the rest of their batch (a slow service) are taken after at most
    /// <see cref="Slice"/> anyway, which is also how soon either side sees a cancellation.
    /// </remarks>
    internal sealed class PipelineWriter : ICadcLog, IDisposable
    {
        /// <summary>Objects that make a batch worth waking the pipeline thread for.</summary>
        internal const int Batch = 64;

        /// <summary>The longest a waiting side sleeps before it looks again (pending rows, cancellation).</summary>
        internal static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(20);

        private readonly object _gate = new object();
        private List<Message> _pending = new List<Message>();
        private readonly int _capacity;
        private readonly CancellationToken _cancel;
        private bool _completed, _consumerWaiting, _producerWaiting;
        private long _objects;

        /// <summary>Times either side woke the other: at most once per wait (<see cref="Waits"/>), not once per row.</summary>
        internal long Wakes { get; private set; }

        /// <summary>Times either side began to wait for the other.</summary>
        internal long Waits { get; private set; }

        public PipelineWriter(int capacity, CancellationToken cancel)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
            _capacity = capacity;
            _cancel = cancel;
        }

        public void WriteObject(object value) => Add(new Message(MessageKind.Object, value));
        public void WriteError(ErrorRecord error) => Add(new Message(MessageKind.Error, error));
        public void WriteProgress(ProgressRecord progress) => Add(new Message(MessageKind.Progress, progress));
        // Log lines quote servers (URLs, messages): shown without their control characters.
        public void Verbose(string message) => Add(new Message(MessageKind.Verbose, TerminalText.Clean(message)));
        public void Debug(string message) => Add(new Message(MessageKind.Debug, TerminalText.Clean(message)));
        public void Warning(string message) => Add(new Message(MessageKind.Warning, TerminalText.Clean(message)));

        /// <summary>Runs <paramref name="action"/> on the pipeline thread, in order with the messages (not delivered as one).</summary>
        public void OnPipeline(Action action) => Add(new Message(MessageKind.Call, action));

        private void Add(Message message)
        {
            lock (_gate)
            {
                while (_pending.Count >= _capacity && !_completed)
                {
                    _cancel.ThrowIfCancellationRequested();
                    _producerWaiting = true;
                    Waits++;
                    Monitor.Wait(_gate, Slice);
                    _producerWaiting = false;
                }
                _cancel.ThrowIfCancellationRequested();
                if (_completed) throw new InvalidOperationException("The pipeline writer is complete.");
                _pending.Add(message);
                var isObject = message.Kind == MessageKind.Object;
                if (isObject) _objects++;
                if (_consumerWaiting && (!isObject || _objects == 1 || _pending.Count >= Batch))
                    Wake(ref _consumerWaiting);
            }
        }

        /// <summary>Wakes the side waiting on <paramref name="waiting"/>, once: until it has the lock again, every later message would pulse it too.</summary>
        private void Wake(ref bool waiting)
        {
            waiting = false;
            Wakes++;
            Monitor.PulseAll(_gate);
        }

        /// <summary>Called by the producer when it is done, whether it succeeded or not.</summary>
        public void Complete()
        {
            lock (_gate)
            {
                _completed = true;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Messages in order, until the producer completes or <paramref name="cancel"/> fires.</summary>
        public IEnumerable<Message> Consume(CancellationToken cancel)
        {
            var batch = new List<Message>();
            while (true)
            {
                var drained = false;
                lock (_gate)
                {
                    while (_pending.Count == 0 && !_completed)
                    {
                        cancel.ThrowIfCancellationRequested();
                        _consumerWaiting = true;
                        Waits++;
                        Monitor.Wait(_gate, Slice);
                        _consumerWaiting = false;
                    }
                    if (_pending.Count == 0) drained = true; // completed, and nothing left
                    else
                    {
                        (batch, _pending) = (_pending, batch);
                        if (_producerWaiting) Wake(ref _producerWaiting);
                    }
                }
                if (drained) yield break;
                foreach (var message in batch)
                {
                    cancel.ThrowIfCancellationRequested();
                    if (message.Kind == MessageKind.Call) ((Action)message.Payload)();
                    else yield return message;
                }
                batch.Clear();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _completed = true;
                _pending.Clear();
                Monitor.PulseAll(_gate);
            }
        }
    }

    internal enum MessageKind { Object, Error, Progress, Verbose, Debug, Warning, Call }

    internal readonly struct Message
    {
        public Message(MessageKind kind, object payload)
        {
            Kind = kind;
            Payload = payload;
        }

        public MessageKind Kind { get; }
        public object Payload { get; }
    }
}
