using System;
using System.Collections.Concurrent;
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
    internal sealed class PipelineWriter : ICadcLog, IDisposable
    {
        private readonly BlockingCollection<Message> _queue;
        private readonly CancellationToken _cancel;

        public PipelineWriter(int capacity, CancellationToken cancel)
        {
            _queue = new BlockingCollection<Message>(capacity);
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

        private void Add(Message message) => _queue.Add(message, _cancel);

        /// <summary>Called by the producer when it is done, whether it succeeded or not.</summary>
        public void Complete() => _queue.CompleteAdding();

        /// <summary>Messages in order, until the producer completes or <paramref name="cancel"/> fires.</summary>
        public IEnumerable<Message> Consume(CancellationToken cancel)
        {
            foreach (var message in _queue.GetConsumingEnumerable(cancel))
            {
                if (message.Kind == MessageKind.Call) ((Action)message.Payload)();
                else yield return message;
            }
        }

        public void Dispose() => _queue.Dispose();
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
