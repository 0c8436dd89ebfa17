using System;
using System.Collections.Generic;

namespace Cadc.Core.Uws
{
    /// <summary>UWS execution phases (UWS 1.1).</summary>
    public static class UwsPhase
    {
        public const string Pending = "PENDING", Queued = "QUEUED", Executing = "EXECUTING", Completed = "COMPLETED",
            Error = "ERROR", Aborted = "ABORTED", Unknown = "UNKNOWN", Held = "HELD", Suspended = "SUSPENDED", Archived = "ARCHIVED";

        public static readonly string[] All = { Pending, Queued, Executing, Completed, Error, Aborted, Unknown, Held, Suspended, Archived };

        /// <summary>True while the job may still change on its own.</summary>
        public static bool IsActive(string? phase) => phase == Pending || phase == Queued || phase == Executing || phase == Suspended || phase == Held || phase == Unknown;
    }

    /// <summary>A UWS job as the service describes it (or a job list entry, with fewer fields known).</summary>
    public sealed class UwsJob
    {
        public string Id { get; internal set; } = "";
        public Uri? Url { get; internal set; }
        public string Phase { get; internal set; } = UwsPhase.Unknown;
        public string? RunId { get; internal set; }
        public string? OwnerId { get; internal set; }
        public DateTime? CreationTime { get; internal set; }
        public DateTime? StartTime { get; internal set; }
        public DateTime? EndTime { get; internal set; }
        public DateTime? Destruction { get; internal set; }
        public DateTime? Quote { get; internal set; }
        public long? ExecutionDuration { get; internal set; }
        public IDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public IList<KeyValuePair<string, Uri>> Results { get; } = new List<KeyValuePair<string, Uri>>();
        public string? ErrorMessage { get; internal set; }
        public string? ErrorType { get; internal set; }
        /// <summary>True when this came from a job list entry (only id, phase and a few fields are known).</summary>
        public bool IsReference { get; internal set; }

        public string? Query => Parameters.TryGetValue("QUERY", out var q) ? q : null;

        /// <summary>The job's MAXREC parameter, when it has one.</summary>
        public long? MaxRecords => Parameters.TryGetValue("MAXREC", out var m) && long.TryParse(m, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (long?)null;

        public override string ToString() => Id + " (" + Phase + ")";
    }
}
