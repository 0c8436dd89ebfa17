using System;
using Cadc.Core.Uws;

namespace CadcPS.Commands
{
    /// <summary>An asynchronous TAP job, as the cmdlets show and take it. Pipes into the *-CadcJob cmdlets by its Url.</summary>
    public sealed class CadcJob
    {
        internal CadcJob(UwsJob job)
        {
            Id = job.Id;
            Url = job.Url?.AbsoluteUri ?? "";
            Phase = job.Phase;
            Query = job.Query;
            RunId = job.RunId;
            OwnerId = job.OwnerId;
            CreationTime = job.CreationTime;
            StartTime = job.StartTime;
            EndTime = job.EndTime;
            Destruction = job.Destruction;
            ErrorMessage = job.ErrorMessage;
        }

        public string Id { get; }
        public string Url { get; }
        public string Phase { get; }
        public string? Query { get; }
        public string? RunId { get; }
        public string? OwnerId { get; }
        public DateTime? CreationTime { get; }
        public DateTime? StartTime { get; }
        public DateTime? EndTime { get; }
        public DateTime? Destruction { get; }
        public string? ErrorMessage { get; }

        public override string ToString() => Url;
    }
}
