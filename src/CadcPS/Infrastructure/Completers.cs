using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using Cadc.Core;
using Cadc.Core.Caom;

namespace CadcPS.Infrastructure
{
    /// <summary>Tab completion of -Collection: the archive's collections, read once per session (a few seconds at most).</summary>
    public sealed class CollectionCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var context = RunspaceSession.OfCurrentRunspace();
            if (context is null) return Array.Empty<CompletionResult>();
            using var cts = new CancellationTokenSource(Limit);
            IReadOnlyList<Cadc.Core.Caom.CaomCollection>? collections;
            try
            {
                // The registry and service typed on the same line, as the command itself will use them.
                var call = CallFor(context, fakeBoundParameters, cts.Token);
                collections = context.Archive.CachedCollections(call)
                    // Completion must never hang the prompt: give up quietly after a few seconds.
                    ?? context.Archive.GetCollectionsAsync(call).GetAwaiter().GetResult();
            }
            catch (Exception) { return Array.Empty<CompletionResult>(); }
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

    /// <summary>Tab completion of table names (schema.table), read once per session.</summary>
    public sealed class TableNameCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var context = RunspaceSession.OfCurrentRunspace();
            if (context is null) return Array.Empty<CompletionResult>();
            IReadOnlyList<string> names;
            using (var cts = new CancellationTokenSource(Limit))
            {
                try { names = context.Archive.GetTableNamesAsync(CollectionCompleter.CallFor(context, fakeBoundParameters, cts.Token)).GetAwaiter().GetResult(); }
                catch (Exception) { return Array.Empty<CompletionResult>(); }
            }
            var word = (wordToComplete ?? "").Trim('\'', '"');
            return names.Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(CollectionCompleter.Quote(n), n, CompletionResultType.ParameterValue, n));
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
