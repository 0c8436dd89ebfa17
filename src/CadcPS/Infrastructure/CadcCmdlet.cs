using System;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Errors;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Base of every CadcPS cmdlet, the one seam between PowerShell and Core. For each input (and once at the
    /// end) it calls, on the pipeline thread, <see cref="PrepareRecord"/> / <see cref="PrepareEnd"/> (paths,
    /// ShouldProcess, parameter checks), then runs <see cref="ProcessRecordAsync"/> / <see cref="EndProcessingAsync"/>
    /// on the thread pool with a <see cref="CadcCall"/> (this runspace's session, this command's registry and
    /// service, a token that Ctrl+C fires), while the pipeline thread alone writes what the work produces.
    /// A CadcException from either part is this input's error (non-terminating, so the next input still runs),
    /// or terminating where a cmdlet says <see cref="ErrorsTerminate"/>.
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
            var context = RunspaceSession.Of(SessionState.PSVariable);
            if (!context.Configuration.UserAgent.Contains("("))
                context.Configuration.UserAgent += $" (PowerShell {PowerShellVersion()}; {RuntimeInformation.OSDescription.Trim()})";
            return context;
        }

        private string PowerShellVersion()
        {
            var table = SessionState.PSVariable.GetValue("PSVersionTable") as System.Collections.Hashtable;
            return table?["PSVersion"]?.ToString() ?? "unknown";
        }

        /// <summary>The registry this command names (-RegistryUrl); null: the session's.</summary>
        /// <exception cref="CadcException">InvalidRegistryUrl</exception>
        private protected virtual Uri? CommandRegistry() => null;

        /// <summary>The service this command names (-Service); null: each operation's default.</summary>
        private protected virtual string? CommandService => null;

        /// <summary>This command's own wait limit for its requests (-TimeoutSec); null: the session's (Set-CadcConfiguration).</summary>
        private protected virtual TimeSpan? CommandTimeout => null;

        /// <summary>True for cmdlets whose failure ends the pipeline (Connect-Cadc: a script must not go on anonymously).</summary>
        private protected virtual bool ErrorsTerminate => false;

        /// <summary>On the pipeline thread, per input: resolve paths, ask ShouldProcess, check parameters. False: nothing to run
        /// for this input. A CadcException is this input's error.</summary>
        private protected virtual bool PrepareRecord() => false;

        /// <summary>The work for one input, in the background; write through <paramref name="output"/> only.</summary>
        private protected virtual Task ProcessRecordAsync(CadcCall call, PipelineWriter output) => Task.CompletedTask;

        /// <summary>On the pipeline thread, once after the last input. False: nothing to run at the end.</summary>
        private protected virtual bool PrepareEnd() => false;

        /// <summary>The work after the last input (batches, one-shot commands), in the background.</summary>
        private protected virtual Task EndProcessingAsync(CadcCall call, PipelineWriter output) => Task.CompletedTask;

        protected sealed override void ProcessRecord() => Step(PrepareRecord, ProcessRecordAsync);

        protected sealed override void EndProcessing() => Step(PrepareEnd, EndProcessingAsync);

        /// <summary>Reports a CadcException found on the pipeline thread by the cmdlet's policy.</summary>
        private protected void Report(CadcException ex, object? target = null)
        {
            if (ErrorsTerminate) ThrowTerminatingError(ErrorRecords.From(ex, target));
            else WriteError(ErrorRecords.From(ex, target));
        }

        private void Step(Func<bool> prepare, Func<CadcCall, PipelineWriter, Task> work)
        {
            CadcContext context;
            Uri? registry;
            string? service;
            TimeSpan? timeout;
            try
            {
                if (!prepare()) return;
                context = Session();
                registry = CommandRegistry();
                service = CommandService;
                timeout = CommandTimeout;
            }
            catch (CadcException ex)
            {
                Report(ex);
                return;
            }
            var terminate = ErrorsTerminate;
            Run(async (writer, cancel) =>
            {
                var call = new CadcCall(context, writer, cancel, registry, service, timeout);
                try
                {
                    await work(call, writer).ConfigureAwait(false);
                }
                catch (CadcException ex) when (!terminate)
                {
                    writer.WriteError(ErrorRecords.From(ex));
                }
            });
        }

        /// <summary>
        /// From a Prepare step, on the pipeline thread: runs <paramref name="work"/> in the background to its end, writing what it
        /// reports here, and returns its result, for work whose answer the pipeline thread needs next (Save-CadcImage plans its
        /// files before ShouldProcess names them). A CadcException it throws is thrown here, to the step's error policy.
        /// </summary>
        private protected T RunHere<T>(Func<CadcCall, PipelineWriter, Task<T>> work)
        {
            var context = Session();
            var registry = CommandRegistry();
            var service = CommandService;
            var timeout = CommandTimeout;
            T result = default!;
            ExceptionDispatchInfo? failed = null;
            Run(async (writer, cancel) =>
            {
                try { result = await work(new CadcCall(context, writer, cancel, registry, service, timeout), writer).ConfigureAwait(false); }
                catch (CadcException ex) { failed = ExceptionDispatchInfo.Capture(ex); }
            });
            failed?.Throw();
            return result;
        }

        /// <summary>
        /// Runs <paramref name="work"/> in the background and writes its output here until it ends.
        /// A CadcException that escapes it becomes a terminating error; Ctrl+C stops it within moments.
        /// </summary>
        private void Run(Func<PipelineWriter, CancellationToken, Task> work)
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
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.UnexpectedError, ErrorCategory.NotSpecified, null)
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
                case MessageKind.Object: WriteObject(message.Payload is FileSystemInfo || message.Payload is PSObject ? AsProviderItem(message.Payload) : message.Payload); break;
                case MessageKind.Error: WriteError((ErrorRecord)message.Payload); break;
                case MessageKind.Progress: WriteProgress((ProgressRecord)message.Payload); break;
                case MessageKind.Verbose: WriteVerbose((string)message.Payload); break;
                case MessageKind.Debug: WriteDebug((string)message.Payload); break;
                case MessageKind.Warning: WriteWarning((string)message.Payload); break;
            }
        }

        /// <summary>
        /// A saved file as the FileSystem provider gives it (PSPath, PSParentPath, and on Unix the UnixStat that
        /// its default view reads for mode and size), keeping the note properties the cmdlet added.
        /// A bare FileInfo shows blank Size/UnixMode columns there and no folder heading.
        /// </summary>
        private object AsProviderItem(object value)
        {
            var wrapped = value as PSObject;
            if (!((wrapped?.BaseObject ?? value) is FileSystemInfo file) || wrapped?.Properties["PSPath"] != null) return value;
            PSObject item;
            try
            {
                var items = InvokeProvider.Item.Get(new[] { @"Microsoft.PowerShell.Core\FileSystem::" + file.FullName }, true, true);
                if (items.Count != 1) return value;
                item = items[0];
            }
            catch (Exception ex) when (ex is RuntimeException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return value; // gone or unreadable since it was written: the plain object still says where it was
            }
            if (wrapped != null)
                foreach (var note in wrapped.Properties.Match("*", PSMemberTypes.NoteProperty))
                    if (item.Properties[note.Name] == null) item.Properties.Add(new PSNoteProperty(note.Name, note.Value));
            return item;
        }

        /// <summary>Called once when the command is done or stopped (Ctrl+C skips EndProcessing, not this): remove what an unfinished command leaves.</summary>
        private protected virtual void Release() { }

        public void Dispose()
        {
            Release();
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
