using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Errors;
using Cadc.Core.Registry;
using Cadc.Core.Tap;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Tab completion for -ResponseFormat: the VOTable formats the TAP service's capabilities advertise (TableData,
    /// Binary, Binary2 where it has them, then its aliases and MIME types), read for the -Service and -RegistryUrl typed
    /// on the same line. CADC's argus offers TableData, votable, application/x-votable+xml and text/xml.
    /// </summary>
    public sealed class ResponseFormatCompleter : IArgumentCompleter
    {
        /// <summary>Short names any TAP service may take, for one whose capabilities list no outputFormat.</summary>
        private static readonly string[] Unlisted = { "votable", "votable/td", "votable/b", "votable/b2" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            // Without an answer in a few seconds (or after a failure this minute), the formats any service takes.
            // (OutputFormatsAsync's null, "lists none", travels as an empty list: Read's null is "no answer".)
            var listed = CompleterSource.Read<IReadOnlyList<OutputFormat>>("formats", fakeBoundParameters, async call =>
                await (await TapService.ResolveAsync(call).ConfigureAwait(false)).OutputFormatsAsync(call).ConfigureAwait(false) ?? Array.Empty<OutputFormat>());
            var advertised = listed is null || listed.Count == 0 ? null : listed;
            var word = (wordToComplete ?? "").Trim('\'', '"');
            return Offers(advertised)
                .Where(o => o.Value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(o => new CompletionResult(CollectionCompleter.Quote(o.Value), o.Value, CompletionResultType.ParameterValue, o.Description));
        }

        /// <summary>
        /// What -ResponseFormat offers for a service listing <paramref name="advertised"/>: the serializations it has
        /// (by their names), then the aliases and MIME types of its VOTable formats; for a service listing none, the
        /// standard serializations and 'votable'.
        /// </summary>
        internal static IReadOnlyList<(string Value, string Description)> Offers(IReadOnlyList<OutputFormat>? advertised)
        {
            var offers = new List<(string Value, string Description)>();
            void Add(string value, string description)
            {
                if (!offers.Any(o => string.Equals(o.Value, value, StringComparison.OrdinalIgnoreCase))) offers.Add((value, description));
            }
            foreach (VOTableSerialization s in Enum.GetValues(typeof(VOTableSerialization)))
            {
                if (advertised is null) Add(s.ToString(), $"{s}: {ResponseFormats.StandardMime(s)}");
                else if (ResponseFormats.Find(advertised, s) is OutputFormat f) Add(s.ToString(), $"{s}: {f.Mime} (a {ResponseFormats.Keyword(s)} VOTable)");
            }
            if (advertised is null)
            {
                Add("votable", "votable: the service's own VOTable serialization");
                return offers;
            }
            var votables = advertised.Where(ResponseFormats.IsVOTable).ToList();
            foreach (var f in votables)
                foreach (var a in f.Aliases) Add(a, $"{a}: {Describe(f)}");
            foreach (var f in votables) Add(f.Mime, Describe(f));
            return offers;
        }

        private static string Describe(OutputFormat f)
            => ResponseFormats.SerializationOf(f) is VOTableSerialization s ? $"{f.Mime} (a {ResponseFormats.Keyword(s)} VOTable)" : f.Mime + " (a VOTable)";

        /// <summary>
        /// The RESPONSEFORMAT to send for <paramref name="requested"/> to <paramref name="service"/>, which lists
        /// <paramref name="advertised"/> (null: nothing listed). TableData, Binary and Binary2 become the format the
        /// service lists in that serialization; an alias or MIME type it lists is sent as listed; another VOTable
        /// MIME type is sent as given (services read its base type). Anything else is an UnsupportedResponseFormat error.
        /// </summary>
        internal static string Choose(string requested, IReadOnlyList<OutputFormat>? advertised, string service)
        {
            var value = requested.Trim();
            if (ResponseFormats.TryParseSerialization(value, out var serialization))
            {
                if (advertised is null) return ResponseFormats.StandardMime(serialization);
                if (ResponseFormats.Find(advertised, serialization) is OutputFormat f) return f.Mime;
                throw NotOffered(value, $"{service} lists no {ResponseFormats.Keyword(serialization)} VOTable", advertised);
            }
            if (advertised != null && ResponseFormats.Find(advertised, value) is (OutputFormat format, string listed))
            {
                if (ResponseFormats.IsVOTable(format)) return listed;
                throw NotVOTable(value, format.Mime);
            }
            if (ResponseFormats.IsVOTableMime(value)) return value;
            if (advertised is null)
            {
                if (Unlisted.Contains(value, StringComparer.OrdinalIgnoreCase)) return value;
                throw NotVOTable(value, null);
            }
            throw NotOffered(value, $"{service} does not list it", advertised);
        }

        private static CadcException NotOffered(string value, string why, IReadOnlyList<OutputFormat> advertised)
            => new CadcException(ErrorIds.UnsupportedResponseFormat, CadcErrorKind.InvalidArgument,
                $"-ResponseFormat '{value}': {why}. It offers {string.Join(", ", Offers(advertised).Select(o => o.Value))}.", value)
            { RecommendedAction = "Use one of the formats the service offers (tab completion after -ResponseFormat lists them), or leave -ResponseFormat out for its default VOTable." };

        private static CadcException NotVOTable(string value, string? mime)
            => new CadcException(ErrorIds.UnsupportedResponseFormat, CadcErrorKind.InvalidArgument,
                $"-ResponseFormat '{value}'{(mime != null ? $" ({mime})" : "")} is not a VOTable serialization; CadcPS reads results as VOTable. To save CSV, use -OutFile with -OutFormat Csv.", value)
            { RecommendedAction = "Choose a VOTable format with -ResponseFormat (tab completion lists them); to save CSV, use -OutFile with -OutFormat Csv." };
    }
}
