using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CadcPS.Infrastructure
{
    /// <summary>Tab completion for -ResponseFormat: the VOTable serializations TAP services offer.</summary>
    public sealed class ResponseFormatCompleter : IArgumentCompleter
    {
        internal static readonly string[] Formats = { "votable", "votable/td", "votable/b", "votable/b2" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => Formats.Where(f => f.StartsWith(wordToComplete ?? "", System.StringComparison.OrdinalIgnoreCase))
                      .Select(f => new CompletionResult(f, f, CompletionResultType.ParameterValue, f));
    }
}
