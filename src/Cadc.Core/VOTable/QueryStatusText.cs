using System;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// Finds the QUERY_STATUS INFO of an error body with work linear in its length. The regular expressions this
    /// replaces backtracked on hostile bodies (repeated "&lt;INFO name=\"QUERY_STATUS\" " without '&gt;': 91 s at 32 KB).
    /// </summary>
    internal static class QueryStatusText
    {
        /// <summary>The raw (still XML-escaped) text of the first INFO named QUERY_STATUS, with <paramref name="value"/>
        /// as its value when given (ignoring case); null when there is none.</summary>
        public static string? Find(string body, string? value = null)
        {
            var at = 0;
            while (true)
            {
                var start = body.IndexOf("<INFO", at, StringComparison.OrdinalIgnoreCase);
                if (start < 0) return null;
                var end = body.IndexOf('>', start);
                // No '>' after this one means none after any later one either: stop, rather than scan again.
                if (end < 0) return null;
                var attributes = body.Substring(start, end - start);
                at = end + 1;
                if (attributes.IndexOf("name=\"QUERY_STATUS\"", StringComparison.OrdinalIgnoreCase) < 0) continue;
                if (value != null && attributes.IndexOf("value=\"" + value + "\"", StringComparison.OrdinalIgnoreCase) < 0) continue;
                if (end > 0 && body[end - 1] == '/') return "";
                var close = body.IndexOf("</INFO>", at, StringComparison.OrdinalIgnoreCase);
                return close < 0 ? null : body.Substring(at, close - at);
            }
        }
    }
}
