using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using Cadc.Core.Uws;
using CadcPS.Commands;

namespace CadcPS.Infrastructure
{
    /// <summary>A cmdlet acting on one job per input: an id (of the session's TAP service) or a job URL, or a piped job.</summary>
    public abstract class JobCmdlet : ServiceCmdlet
    {
        /// <summary>A job id or URL. Job objects bind as their URL (CadcJob.ToString).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("JobUrl", "JobId")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Job { get; set; } = Array.Empty<string>();

        /// <summary>A -Service URL ending in /sync or /async is taken as the TAP base URL it belongs to (the job list is its /async).</summary>
        private protected override string? CommandService => TapServiceArgument.BaseOf(this, Service);

        /// <summary>Runs <paramref name="work"/> for each job given, reporting each failure (with the job as its target) and going on.</summary>
        private protected static async Task ForEachJobAsync(CadcCall call, PipelineWriter output, System.Collections.Generic.IEnumerable<string> jobs, Func<TapJobs, Uri, Task> work)
        {
            TapJobs? tap = null;
            foreach (var job in jobs)
            {
                try
                {
                    tap ??= await TapJobs.ResolveAsync(call).ConfigureAwait(false);
                    await work(tap, tap.JobUrl(job)).ConfigureAwait(false);
                }
                catch (CadcException ex)
                {
                    output.WriteError(ErrorRecords.From(ex, job));
                }
            }
        }

        /// <summary>Saves a completed job's result to <paramref name="path"/>, with its progress (rows and bytes).</summary>
        internal static async Task<TapResultFile.Saved> SaveResultAsync(TapJobs tap, UwsJob job, string path, TapFileFormat format, CadcCall call, PipelineWriter writer, bool replace)
        {
            return await RowProgress.SaveAsync(writer, path, (copy, c) => tap.OpenResultAsync(job, call.WithCancel(c), copy), format, call, job.MaxRecords, replace).ConfigureAwait(false);
        }

        /// <summary>Waits for the job with progress. Ctrl+C ends the wait and leaves the job running.</summary>
        internal static async Task<UwsJob> WaitWithProgressAsync(TapJobs tap, Uri url, TimeSpan? timeout, PipelineWriter writer, CadcCall call)
        {
            // PowerShell allows no output once Ctrl+C has stopped the pipeline, so the progress line says it beforehand.
            var progress = new ProgressRecord(1, "Waiting for TAP job", "starting")
            {
                RecordType = ProgressRecordType.Processing,
                CurrentOperation = "Ctrl+C stops waiting; the job keeps running on the service (Get-CadcJob finds it again).",
            };
            try
            {
                return await tap.WaitAsync(url, timeout, (job, elapsed) =>
                {
                    progress.StatusDescription = $"{job.Id}: {job.Phase} for {elapsed.TotalSeconds:0} s";
                    writer.WriteProgress(progress);
                }, call).ConfigureAwait(false);
            }
            finally
            {
                writer.WriteProgress(new ProgressRecord(1, "Waiting for TAP job", "done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
