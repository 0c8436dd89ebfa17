using System;
using System.Collections.Generic;
using System.IO;

namespace Cadc.Core.Registry
{
    /// <summary>
    /// CADC's registry file: one "ivo://id = capabilities URL" per line, '#' comments, blank lines.
    /// </summary>
    public sealed class ResourceCaps
    {
        private readonly Dictionary<string, Uri> _entries;

        private ResourceCaps(Dictionary<string, Uri> entries) => _entries = entries;

        public int Count => _entries.Count;

        /// <summary>The registry file's text, as read from a response: at most ServerText.MaxDocument bytes (a larger one is ResponseTooLarge).</summary>
        internal static TextReader Reader(Stream body) => new StreamReader(IO.ServerText.Bounded(body, IO.ServerText.MaxDocument, "a registry file"), System.Text.Encoding.UTF8);

        /// <summary>Parses the file; returns null when no line has the expected form (e.g. an HTML page).</summary>
        public static ResourceCaps? Parse(TextReader reader)
        {
            var entries = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                var text = line.Trim();
                if (text.Length == 0 || text[0] == '#') continue;
                var eq = text.IndexOf('=');
                if (eq <= 0) continue;
                var id = text.Substring(0, eq).Trim();
                var url = text.Substring(eq + 1).Trim();
                if (!id.StartsWith("ivo://", StringComparison.OrdinalIgnoreCase)) continue;
                if (!Uri.TryCreate(url, UriKind.Absolute, out var caps)) continue;
                entries[Normalize(id)] = caps;
            }
            return entries.Count == 0 ? null : new ResourceCaps(entries);
        }

        public bool TryGet(string ivoId, out Uri capabilitiesUrl) => _entries.TryGetValue(Normalize(ivoId), out capabilitiesUrl!);

        private static string Normalize(string id) => id.Trim().TrimEnd('/');
    }
}
