using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Cadc.Core.Tap;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Tab completion of job ids (Get/Wait/Receive/Stop/Remove-CadcJob): the caller's latest jobs on the TAP service
    /// typed on the line, newest first, with their phase. Read at each Tab (jobs come and go), within a few seconds.
    /// </summary>
    public sealed class JobIdCompleter : IArgumentCompleter
    {
        /// <summary>As many jobs as a completion list is worth reading.</summary>
        private const int Latest = 50;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var jobs = CompleterSource.Read("jobs", fakeBoundParameters, async call =>
            {
                var tap = await TapJobs.ResolveAsync(call).ConfigureAwait(false);
                return await tap.ListAsync(null, null, Latest, call).ConfigureAwait(false);
            });
            if (jobs is null) return Array.Empty<CompletionResult>();
            var word = (wordToComplete ?? "").Trim('\'', '"');
            return jobs.Where(j => !string.IsNullOrEmpty(j.Id) && j.Id.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(j => j.CreationTime ?? DateTime.MinValue)
                .Select(j => new CompletionResult(CollectionCompleter.Quote(j.Id), j.Id, CompletionResultType.ParameterValue,
                    TerminalText.Clean($"{j.Id}: {j.Phase}{(j.CreationTime is DateTime t ? ", created " + t.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "")}{(string.IsNullOrEmpty(j.RunId) ? "" : ", run " + j.RunId)}")));
        }
    }
}
