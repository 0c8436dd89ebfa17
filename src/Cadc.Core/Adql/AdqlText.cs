using System;
using System.Globalization;
using System.Text;

namespace Cadc.Core.Adql
{
    /// <summary>Building ADQL safely: every user value becomes a literal that cannot change the query.</summary>
    public static class AdqlText
    {
        /// <summary>A string literal: quotes doubled, control characters refused.</summary>
        public static string Literal(string value)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            foreach (var c in value)
                if (char.IsControl(c)) throw new ArgumentException("A control character cannot be part of an ADQL string literal.", nameof(value));
            return "'" + value.Replace("'", "''") + "'";
        }

        /// <summary>A numeric literal in invariant, round-trippable form.</summary>
        public static string Number(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), "not a finite number");
            return value.ToString("R", CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// <paramref name="adql"/> without surrounding whitespace and without the semicolons that end it: SQL
        /// habit ("SELECT ...;") that TAP services reject (ADQL has no statement terminator). A semicolon
        /// anywhere else is left for the service to judge.
        /// </summary>
        public static string WithoutTerminator(string adql, out bool stripped)
        {
            if (adql is null) throw new ArgumentNullException(nameof(adql));
            var text = adql.Trim();
            var end = text.Length;
            while (end > 0 && (text[end - 1] == ';' || char.IsWhiteSpace(text[end - 1]))) end--;
            stripped = end < text.Length;
            return stripped ? text.Substring(0, end) : text;
        }

        /// <summary>True when <paramref name="pattern"/> uses PowerShell wildcards (* or ?, not escaped with `).</summary>
        public static bool HasWildcards(string pattern)
        {
            for (var i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] == '`') { i++; continue; }
                if (pattern[i] == '*' || pattern[i] == '?') return true;
            }
            return false;
        }

        /// <summary>
        /// A LIKE pattern (without quotes) for a PowerShell wildcard: * → %, ? → _, and literal %, _ and \
        /// escaped with \ (LIKE's default escape character on the PostgreSQL behind CADC's and DaCHS's TAP;
        /// ADQL has no ESCAPE clause); a backtick escapes the next character as in PowerShell.
        /// </summary>
        public static string LikePattern(string wildcard)
        {
            var sb = new StringBuilder(wildcard.Length + 8);
            for (var i = 0; i < wildcard.Length; i++)
            {
                var c = wildcard[i];
                if (c == '`' && i + 1 < wildcard.Length) { AppendLiteral(sb, wildcard[++i]); continue; }
                if (c == '*') sb.Append('%');
                else if (c == '?') sb.Append('_');
                else AppendLiteral(sb, c);
            }
            return sb.ToString();
        }

        /// <summary>A LIKE pattern matching <paramref name="text"/> as a substring.</summary>
        public static string ContainsPattern(string text)
        {
            var sb = new StringBuilder("%");
            foreach (var c in text) AppendLiteral(sb, c);
            return sb.Append('%').ToString();
        }

        private static void AppendLiteral(StringBuilder sb, char c)
        {
            if (c == '%' || c == '_' || c == '\\') sb.Append('\\');
            sb.Append(c);
        }
    }
}
