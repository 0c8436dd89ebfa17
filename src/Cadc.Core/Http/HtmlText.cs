using System;
using System.Collections.Generic;
using System.Text;

namespace Cadc.Core.Http
{
    /// <summary>
    /// The readable text of an HTML error page (a front end's 404 or 502, a servlet container's error page): its title,
    /// headings and paragraphs, without scripts, styles or navigation, entities decoded, whitespace collapsed. One pass
    /// over the page with no regular expressions, so a huge or malformed page (unclosed tags, comments or scripts,
    /// a page cut after the bytes read) costs time in proportion to its length, is bounded, and never throws.
    /// </summary>
    internal static class HtmlText
    {
        /// <summary>At most this much of a page is looked at (the client reads 64 KiB of an error body).</summary>
        private const int MaxScan = 1024 * 1024;
        private const int Unknown = -2;

        // Elements whose content is not the page's message: code, styling, menus, the fallback for scripts.
        private static readonly HashSet<string> Skipped = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "script", "style", "noscript", "template", "svg", "nav", "footer", "select", "button", "iframe", "object" };

        // Elements that end a run of text: their content does not run into the next one.
        private static readonly HashSet<string> Blocks = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th",
            "table", "pre", "blockquote", "section", "article", "header", "main", "body", "html", "head", "address", "center", "form",
        };

        private static readonly string[] Signs = { "<html", "<body", "<head", "<title", "<h1", "<h2", "<p>", "<div", "<br", "<!doctype html" };

        /// <summary>True when <paramref name="body"/> is an HTML page by its media type or by its markup.</summary>
        public static bool IsHtml(string body, string? mediaType)
        {
            if (mediaType != null && mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            var start = 0;
            while (start < body.Length && (char.IsWhiteSpace(body[start]) || body[start] == '\uFEFF')) start++;
            if (start >= body.Length || body[start] != '<') return body.IndexOf("<html", StringComparison.OrdinalIgnoreCase) >= 0;
            foreach (var sign in Signs)
                if (body.IndexOf(sign, start, Math.Min(body.Length - start, MaxScan), StringComparison.OrdinalIgnoreCase) >= 0) return true;
            return false;
        }

        /// <summary>
        /// The page's text on one line, at most about <paramref name="max"/> characters: the title first when the
        /// body does not repeat it; empty when the page says nothing.
        /// </summary>
        public static string ToText(string html, int max)
        {
            var length = Math.Min(html.Length, MaxScan);
            var text = new StringBuilder();
            var title = new StringBuilder();
            var i = 0;
            var titleEnd = Unknown;
            while (i < length && text.Length <= 2 * max)
            {
                var c = html[i];
                if (c != '<') { Append(text, c); i++; continue; }
                if (At(html, i, "<!--"))
                {
                    i = Past(html, i + 4, "-->", length);
                    continue;
                }
                var closing = i + 1 < length && html[i + 1] == '/';
                var nameStart = closing ? i + 2 : i + 1;
                if (nameStart < length && (html[nameStart] == '!' || html[nameStart] == '?'))
                {
                    i = Past(html, nameStart, ">", length); // a doctype or a processing instruction
                    continue;
                }
                var nameEnd = nameStart;
                while (nameEnd < length && nameEnd - nameStart < 16 && char.IsLetterOrDigit(html[nameEnd])) nameEnd++;
                if (nameEnd == nameStart || !(char.IsLetter(html[nameStart])))
                {
                    Append(text, c); // "a < b": text, not a tag
                    i++;
                    continue;
                }
                var tagEnd = html.IndexOf('>', nameEnd, length - nameEnd);
                if (tagEnd < 0) break; // the page ends inside a tag: what is left is no text
                var name = html.Substring(nameStart, nameEnd - nameStart);
                i = tagEnd + 1;
                if (closing || html[tagEnd - 1] == '/')
                {
                    if (Blocks.Contains(name)) Append(text, ' ');
                    continue;
                }
                if (Skipped.Contains(name))
                {
                    i = Past(html, i, "</" + name, length);
                    i = i >= length ? length : Past(html, i, ">", length);
                    continue;
                }
                if (name.Equals("title", StringComparison.OrdinalIgnoreCase))
                {
                    // Searched again only past the last one found: a page of unclosed titles is not read once per title.
                    if (titleEnd == Unknown || (titleEnd >= 0 && titleEnd < i)) titleEnd = html.IndexOf("</title", i, length - i, StringComparison.OrdinalIgnoreCase);
                    var end = titleEnd;
                    // An unclosed title runs to the next tag, not over the page's markup.
                    var stop = end >= 0 ? end : html.IndexOf('<', i, length - i) is var next && next >= 0 ? next : length;
                    for (var k = i; k < stop && title.Length <= max; k++) Append(title, html[k]);
                    i = end < 0 ? stop : Past(html, end, ">", length);
                    continue;
                }
                if (Blocks.Contains(name)) Append(text, ' ');
            }
            var said = Collapse(Decode(text.ToString()));
            var heading = Collapse(Decode(title.ToString()));
            if (heading.Length == 0 || said.IndexOf(heading, StringComparison.OrdinalIgnoreCase) >= 0) return said;
            return said.Length == 0 ? heading : heading + ": " + said;
        }

        private static bool At(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

        /// <summary>The index just past the next <paramref name="what"/> (case-insensitive) from <paramref name="from"/>; the end if there is none.</summary>
        private static int Past(string s, int from, string what, int length)
        {
            if (from >= length) return length;
            var at = s.IndexOf(what, from, length - from, StringComparison.OrdinalIgnoreCase);
            return at < 0 ? length : at + what.Length;
        }

        private static void Append(StringBuilder to, char c)
        {
            // Blanks of any kind become one; control characters never reach a terminal.
            if (char.IsWhiteSpace(c) || char.IsControl(c)) { if (to.Length > 0 && to[to.Length - 1] != ' ') to.Append(' '); }
            else to.Append(c);
        }

        private static string Decode(string text)
        {
            if (text.IndexOf('&') < 0) return text;
            var decoded = System.Net.WebUtility.HtmlDecode(text);
            var clean = new StringBuilder(decoded.Length);
            foreach (var c in decoded) Append(clean, c); // an entity may stand for a control character (&#27;)
            return clean.ToString();
        }

        private static string Collapse(string text) => text.Trim();
    }
}
