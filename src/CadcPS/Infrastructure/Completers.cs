using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using Cadc.Core;

namespace CadcPS.Infrastructure
{
    /// <summary>Tab completion of -Collection: the archive's collections, read once per session (a few seconds at most).</summary>
    public sealed class CollectionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            // The registry and service typed on the same line, as the command itself will use them.
            var collections = CompleterSource.Read("collections", fakeBoundParameters, async call =>
                call.Context.Archive.CachedCollections(call) ?? await call.Context.Archive.GetCollectionsAsync(call).ConfigureAwait(false));
            if (collections is null) return Array.Empty<CompletionResult>();
            var word = (wordToComplete ?? "").Trim('\'', '"');
            return collections.Where(c => c.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(c => new CompletionResult(Quote(c.Name), c.Name, CompletionResultType.ParameterValue, c.Bands.Count > 0 ? c.Name + ": " + string.Join(", ", c.Bands) : c.Name));
        }

        internal static CadcCall CallFor(CadcContext context, IDictionary fakeBoundParameters, CancellationToken cancel)
        {
            var registry = fakeBoundParameters["RegistryUrl"] is string r && !string.IsNullOrWhiteSpace(r) ? CadcConfiguration.ParseRegistryUrl(r) : null;
            var service = fakeBoundParameters["Service"] as string;
            // As the command will use it: a TAP URL ending in /sync or /async is its base URL (TapServiceArgument).
            return new CadcCall(context, NullLog.Instance, cancel, registry, Cadc.Core.Tap.TapBaseUrl.FromEndpoint(service, out _) ?? service);
        }

        // What PowerShell would read as something else than one bare word.
        private static readonly char[] NeedsQuotes = { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#' };

        internal static string Quote(string value) => value.IndexOfAny(NeedsQuotes) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
    }

    /// <summary>
    /// Tab completion of table names (schema.table), read once per session: by the start of the full name or of the
    /// table's own name (Plane finds caom2.Plane), or by PowerShell wildcards (*plane*).
    /// </summary>
    public sealed class TableNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var names = CompleterSource.Read("tables", fakeBoundParameters, call => call.Context.Archive.GetTableNamesAsync(call));
            if (names is null) return Array.Empty<CompletionResult>();
            var word = (wordToComplete ?? "").Trim('\'', '"');
            Func<string, bool> matches;
            if (WildcardPattern.ContainsWildcardCharacters(word))
            {
                var pattern = WildcardPattern.Get(word, WildcardOptions.IgnoreCase);
                matches = pattern.IsMatch;
            }
            else matches = n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase) || TablePart(n).StartsWith(word, StringComparison.OrdinalIgnoreCase);
            return names.Where(matches).Select(n => new CompletionResult(CollectionCompleter.Quote(n), n, CompletionResultType.ParameterValue, n));
        }

        private static string TablePart(string name) => name.Substring(name.IndexOf('.') + 1);

        /// <summary>The schema of a qualified table name ("caom2" of caom2.Observation; "" for an unqualified one).</summary>
        internal static string SchemaOf(string name) => name.IndexOf('.') is var dot && dot > 0 ? name.Substring(0, dot) : "";
    }

    /// <summary>Tab completion of Get-CadcTable -Schema: the schemas of the service's tables (wildcards too).</summary>
    public sealed class SchemaCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var names = CompleterSource.Read("tables", fakeBoundParameters, call => call.Context.Archive.GetTableNamesAsync(call));
            if (names is null) return Array.Empty<CompletionResult>();
            var word = (wordToComplete ?? "").Trim('\'', '"');
            var pattern = WildcardPattern.Get(WildcardPattern.ContainsWildcardCharacters(word) ? word : word + "*", WildcardOptions.IgnoreCase);
            return names.Select(TableNameCompleter.SchemaOf).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)
                .Where(pattern.IsMatch).OrderBy(s => s, StringComparer.OrdinalIgnoreCase)
                .Select(s => new CompletionResult(CollectionCompleter.Quote(s), s, CompletionResultType.ParameterValue, s + ": " + names.Count(n => string.Equals(TableNameCompleter.SchemaOf(n), s, StringComparison.OrdinalIgnoreCase)) + " tables"));
        }
    }

    /// <summary>Tab completion of -DataProductType: the CAOM2 / ObsCore product types.</summary>
    public sealed class DataProductTypeCompleter : IArgumentCompleter
    {
        internal static readonly string[] Types = { "image", "cube", "spectrum", "timeseries", "visibility", "event", "measurements", "catalog", "sed" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => Types.Where(t => t.StartsWith(wordToComplete ?? "", StringComparison.OrdinalIgnoreCase))
                    .Select(t => new CompletionResult(t, t, CompletionResultType.ParameterValue, t));
    }
}
