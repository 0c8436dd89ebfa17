using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>Get-CadcJob: one job by id or URL (astroquery's load_async_job), or the caller's jobs (list_async_jobs).</summary>
    [Cmdlet(VerbsCommon.Get, "CadcJob", DefaultParameterSetName = "List")]
    [OutputType(typeof(CadcJob))]
    public sealed class GetCadcJobCommand : ServiceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "One")]
        [Alias("JobUrl", "JobId")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Job { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = "List")]
        [ValidateSet("PENDING", "QUEUED", "EXECUTING", "COMPLETED", "ERROR", "ABORTED", "UNKNOWN", "HELD", "SUSPENDED", "ARCHIVED", IgnoreCase = true)]
        public string[]? Phase { get; set; }

        [Parameter(ParameterSetName = "List")]
        public DateTime? After { get; set; }

        [Parameter(ParameterSetName = "List")]
        [ValidateRange(1, int.MaxValue)]
        public int? Last { get; set; }

        /// <summary>A -Service URL ending in /sync or /async is taken as the TAP base URL it belongs to (the job list is its /async).</summary>
        private protected override string? CommandService => TapServiceArgument.BaseOf(this, Service);

        private protected override bool PrepareRecord() => true;

        private protected override async Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
        {
            var tap = await TapJobs.ResolveAsync(call).ConfigureAwait(false);
            if (ParameterSetName != "One")
            {
                var phases = Phase?.Select(p => p.ToUpperInvariant()).ToList();
                foreach (var entry in JobListing.Entries(await tap.ListAsync(phases, After, Last, call).ConfigureAwait(false))) output.WriteObject(entry);
                return;
            }
            foreach (var id in Job)
            {
                try { output.WriteObject(new CadcJob(await tap.GetAsync(tap.JobUrl(id), call).ConfigureAwait(false))); }
                catch (CadcException ex) { output.WriteError(ErrorRecords.From(ex, id)); }
            }
        }
    }

    /// <summary>
    /// The entries of a job list, as CadcJob objects whose view shows what a UWS job list carries: a jobref has an id
    /// and a phase, and CADC's (cadc-uws JobListWriter) a creation time, run id and owner but no href, DaCHS's an href
    /// only. The columns of a full job (query, error) are always empty there, so entries get a view of their own,
    /// chosen once per list so that one table shows them all.
    /// </summary>
    internal static class JobListing
    {
        /// <summary>Entries with a creation time or run id (CADC): Id, Phase, Created, RunId.</summary>
        internal const string EntryType = "CadcPS.JobListEntry";
        /// <summary>Entries with only an id, a phase and their URL (DaCHS): Id, Phase, Url.</summary>
        internal const string LinkEntryType = "CadcPS.JobListLink";

        internal static System.Collections.Generic.IEnumerable<object> Entries(System.Collections.Generic.IReadOnlyList<Cadc.Core.Uws.UwsJob> jobs)
        {
            var typeName = jobs.Any(j => j.CreationTime.HasValue || j.RunId != null) ? EntryType : LinkEntryType;
            foreach (var job in jobs)
            {
                if (!job.IsReference) { yield return new CadcJob(job); continue; } // a list of whole jobs (ESA's): the job view
                var entry = PSObject.AsPSObject(new CadcJob(job));
                entry.TypeNames.Insert(0, typeName);
                yield return entry;
            }
        }
    }

    /// <summary>Wait-CadcJob: waits until jobs finish (long polling, progress), then outputs them. A failed job is an error.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "CadcJob")]
    [OutputType(typeof(CadcJob))]
    public sealed class WaitCadcJobCommand : JobCmdlet
    {
        /// <summary>Seconds to wait at most; then a JobWaitTimeout error (the job keeps running).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Timeout { get; set; }

        private protected override bool PrepareRecord() => true;

        private protected override Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
        {
            var timeout = Timeout.HasValue ? TimeSpan.FromSeconds(Timeout.Value) : (TimeSpan?)null;
            return ForEachJobAsync(call, output, Job, async (tap, url) =>
            {
                var job = await WaitWithProgressAsync(tap, url, timeout, output, call).ConfigureAwait(false);
                output.WriteObject(new CadcJob(job));
                var failure = await tap.FailureAsync(job, call).ConfigureAwait(false);
                if (failure != null) output.WriteError(ErrorRecords.From(failure, job.Url?.AbsoluteUri));
            });
        }
    }

    /// <summary>Receive-CadcJob: the rows of completed jobs (astroquery's fetch_result), or the result file with -OutFile.</summary>
    [Cmdlet(VerbsCommunications.Receive, "CadcJob", SupportsShouldProcess = true, DefaultParameterSetName = "Rows")]
    [OutputType(typeof(PSObject), ParameterSetName = new[] { "Rows" })]
    [OutputType(typeof(FileInfo), ParameterSetName = new[] { "File" })]
    public sealed class ReceiveCadcJobCommand : JobCmdlet
    {
        /// <summary>Wait for the job first if it is still running.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "File")]
        [Alias("Path")]
        public string OutFile { get; set; } = "";

        [Parameter(ParameterSetName = "File")]
        public TapOutFormat OutFormat { get; set; } = TapOutFormat.VOTable;

        /// <summary>Replace a file already under -OutFile's name.</summary>
        [Parameter(ParameterSetName = "File")]
        public SwitchParameter Force { get; set; }

        private string? _path;
        // Boxed (a Core enum): see SearchCadcRegionCommand.
        private object _format = null!;

        private protected override bool PrepareRecord()
        {
            _path = ParameterSetName == "File" ? GetUnresolvedProviderPathFromPSPath(OutFile) : null;
            if (_path is null) return true;
            if (Directory.Exists(_path))
                throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"'{_path}' is a directory; -OutFile needs a file name.", OutFile);
            // No query runs to end in a file that may not be replaced.
            Cadc.Core.IO.OutputFile.RefuseExisting(_path, Force);
            _format = OutFileFormat.Choose(_path, MyInvocation.BoundParameters.ContainsKey(nameof(OutFormat)) ? OutFormat : (TapOutFormat?)null, out var mismatch);
            if (mismatch != null) WriteWarning(mismatch);
            return ShouldProcess(_path, "Write the result of the TAP job");
        }

        private protected override Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
        {
            var format = _path != null ? (TapFileFormat)_format : TapFileFormat.VOTable;
            return ForEachJobAsync(call, output, Job, async (tap, url) =>
            {
                var job = Wait ? await WaitWithProgressAsync(tap, url, null, output, call).ConfigureAwait(false) : await tap.GetAsync(url, call).ConfigureAwait(false);
                if (_path != null)
                {
                    var saved = await JobCmdlet.SaveResultAsync(tap, job, _path, format, call, output, Force).ConfigureAwait(false);
                    output.WriteObject(new FileInfo(saved.Path));
                    return;
                }
                using var result = await tap.OpenResultAsync(job, call).ConfigureAwait(false);
                await TapRows.WriteRowsAsync(result, job.MaxRecords, output).ConfigureAwait(false);
            });
        }
    }

    /// <summary>Stop-CadcJob: aborts jobs (UWS PHASE=ABORT).</summary>
    [Cmdlet(VerbsLifecycle.Stop, "CadcJob", SupportsShouldProcess = true)]
    [OutputType(typeof(CadcJob))]
    public sealed class StopCadcJobCommand : JobCmdlet
    {
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private string[] _targets = Array.Empty<string>();

        private protected override bool PrepareRecord()
        {
            _targets = Job.Where(j => ShouldProcess(j, "Abort the TAP job")).ToArray();
            return _targets.Length > 0;
        }

        private protected override Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
            => ForEachJobAsync(call, output, _targets, async (tap, url) =>
            {
                var job = await tap.AbortAsync(url, call).ConfigureAwait(false);
                if (PassThru) output.WriteObject(new CadcJob(job));
            });
    }

    /// <summary>Remove-CadcJob: deletes jobs and their results from the service.</summary>
    [Cmdlet(VerbsCommon.Remove, "CadcJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class RemoveCadcJobCommand : JobCmdlet
    {
        private string[] _targets = Array.Empty<string>();

        private protected override bool PrepareRecord()
        {
            _targets = Job.Where(j => ShouldProcess(j, "Delete the TAP job and its results")).ToArray();
            return _targets.Length > 0;
        }

        private protected override Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
            => ForEachJobAsync(call, output, _targets, (tap, url) => tap.DeleteAsync(url, call));
    }
}
