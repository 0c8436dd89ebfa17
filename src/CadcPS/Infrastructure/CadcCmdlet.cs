using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Errors;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Base of every CadcPS cmdlet: runs Core's async work on the thread pool with a cancellation token
    /// that Ctrl+C (StopProcessing) fires, while the pipeline thread alone writes what the work produces.
    /// </summary>
    public abstract class CadcCmdlet : PSCmdlet, IDisposable
    {
        private const int QueueCapacity = 512;
        private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>Fires when the user presses Ctrl+C or the pipeline is stopped.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>The session state of the runspace running this command. Read on the pipeline thread only.</summary>
        private protected CadcContext Session()
        {
            var runspace = (object?)Runspace.DefaultRunspace ?? SessionState;
            var context = CadcContext.For(runspace);
            if (!context.Configuration.UserAgent.Contains("("))
                context.Configuration.UserAgent += $" (PowerShell {PowerShellVersion()}; {RuntimeInformation.OSDescription.Trim()})";
            return context;
        }

        private string PowerShellVersion()
        {
            var table = SessionState.PSVariable.GetValue("PSVersionTable") as System.Collections.Hashtable;
            return table?["PSVersion"]?.ToString() ?? "unknown";
        }

        /// <summary>
        /// Runs <paramref name="work"/> in the background and writes its output here until it ends.
        /// A CadcException that escapes it becomes a terminating error; Ctrl+C stops it within moments.
        /// </summary>
        private protected void Run(Func<PipelineWriter, CancellationToken, Task> work)
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            using var writer = new PipelineWriter(QueueCapacity, run.Token);
            var task = Task.Run(async () =>
            {
                try { await work(writer, run.Token).ConfigureAwait(false); }
                finally { writer.Complete(); }
            });
            var finished = false;
            try
            {
                foreach (var message in writer.Consume(_stopping.Token)) Deliver(message);
                task.GetAwaiter().GetResult();
                finished = true;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (CadcException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
            {
                // A defect, not a user error: still an ErrorRecord with a stable id, not a raw exception.
                ThrowTerminatingError(new ErrorRecord(ex, "UnexpectedError", ErrorCategory.NotSpecified, null)
                { ErrorDetails = new ErrorDetails($"CadcPS failed unexpectedly: {ex.GetType().Name}: {ex.Message}") });
            }
            finally
            {
                if (!finished)
                {
                    // Stopped, failed, or a downstream command ended the pipeline: end the work and
                    // wait briefly so its connection is closed before we return.
                    run.Cancel();
                    try { task.Wait(StopGrace); } catch (AggregateException) { }
                }
            }
        }

        private void Deliver(Message message)
        {
            switch (message.Kind)
            {
                case MessageKind.Object: WriteObject(message.Payload); break;
                case MessageKind.Error: WriteError((ErrorRecord)message.Payload); break;
                case MessageKind.Progress: WriteProgress((ProgressRecord)message.Payload); break;
                case MessageKind.Verbose: WriteVerbose((string)message.Payload); break;
                case MessageKind.Debug: WriteDebug((string)message.Payload); break;
                case MessageKind.Warning: WriteWarning((string)message.Payload); break;
            }
        }

        public void Dispose()
        {
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
