using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Cadc.Core;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using Cadc.Core.Uws;
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

        protected override void ProcessRecord()
        {
            var context = Session();
            Uri? registry;
            try { registry = ParsedRegistryUrl(); }
            catch (CadcException ex) { WriteError(ErrorRecords.From(ex)); return; }
            var one = ParameterSetName == "One";
            var jobs = Job;
            var phases = Phase?.Select(p => p.ToUpperInvariant()).ToList();
            var after = After;
            var last = Last;
            var service = Service;
            Run(async (writer, cancel) =>
            {
                try
                {
                    var tap = new TapJobs(context, await TapService.ResolveAsync(context, service, writer, cancel, registry).ConfigureAwait(false));
                    if (!one)
                    {
                        foreach (var j in await tap.ListAsync(phases, after, last, writer, cancel).ConfigureAwait(false)) writer.WriteObject(new CadcJob(j));
                        return;
                    }
                    foreach (var id in jobs)
                    {
                        try { writer.WriteObject(new CadcJob(await tap.GetAsync(tap.JobUrl(id), writer, cancel).ConfigureAwait(false))); }
                        catch (CadcException ex) { writer.WriteError(ErrorRecords.From(ex, id)); }
                    }
                }
                catch (CadcException ex)
                {
                    writer.WriteError(ErrorRecords.From(ex));
                }
            });
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

        protected override void ProcessRecord()
        {
            var timeout = Timeout.HasValue ? TimeSpan.FromSeconds(Timeout.Value) : (TimeSpan?)null;
            ForEachJob(async (tap, url, writer, cancel) =>
            {
                var job = await WaitWithProgressAsync(tap, url, timeout, writer, cancel).ConfigureAwait(false);
                writer.WriteObject(new CadcJob(job));
                var failure = await tap.FailureAsync(job, writer, cancel).ConfigureAwait(false);
                if (failure != null) writer.WriteError(ErrorRecords.From(failure, job.Url?.AbsoluteUri));
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

        protected override void ProcessRecord()
        {
            var wait = Wait.IsPresent;
            string? path = null;
            if (ParameterSetName == "File")
            {
                path = GetUnresolvedProviderPathFromPSPath(OutFile);
                if (!ShouldProcess(path, "Write the result of the TAP job")) return;
            }
            var format = OutFormat == TapOutFormat.Csv ? TapFileFormat.Csv : TapFileFormat.VOTable;
            ForEachJob(async (tap, url, writer, cancel) =>
            {
                var job = wait ? await WaitWithProgressAsync(tap, url, null, writer, cancel).ConfigureAwait(false) : await tap.GetAsync(url, writer, cancel).ConfigureAwait(false);
                if (path != null)
                {
                    var saved = await TapResultFile.SaveAsync((copy, c) => tap.OpenResultAsync(job, writer, c, copy), path, format, writer, cancel).ConfigureAwait(false);
                    writer.WriteObject(new FileInfo(saved.Path));
                    return;
                }
                using var result = await tap.OpenResultAsync(job, writer, cancel).ConfigureAwait(false);
                await TapRows.WriteRowsAsync(result, job.MaxRecords, writer).ConfigureAwait(false);
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

        protected override void ProcessRecord()
        {
            var targets = Job.Where(j => ShouldProcess(j, "Abort the TAP job")).ToArray();
            if (targets.Length == 0) return;
            Job = targets;
            var passThru = PassThru.IsPresent;
            ForEachJob(async (tap, url, writer, cancel) =>
            {
                var job = await tap.AbortAsync(url, writer, cancel).ConfigureAwait(false);
                if (passThru) writer.WriteObject(new CadcJob(job));
            });
        }
    }

    /// <summary>Remove-CadcJob: deletes jobs and their results from the service.</summary>
    [Cmdlet(VerbsCommon.Remove, "CadcJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class RemoveCadcJobCommand : JobCmdlet
    {
        protected override void ProcessRecord()
        {
            var targets = Job.Where(j => ShouldProcess(j, "Delete the TAP job and its results")).ToArray();
            if (targets.Length == 0) return;
            Job = targets;
            ForEachJob((tap, url, writer, cancel) => tap.DeleteAsync(url, writer, cancel));
        }
    }
}
