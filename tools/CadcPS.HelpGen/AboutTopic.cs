using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CadcPS.HelpGen
{
    /// <summary>
    /// docs/en-US/about_X.md (# about_X, ## Short description, ## Long description, ### subtopics) as the
    /// about_X.help.txt that Get-Help reads: TOPIC first, section titles in capitals, text wrapped at 80 columns.
    /// </summary>
    internal static class AboutTopic
    {
        private const int Width = 80;

        public static string? Render(string path, Diagnostics d)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var blocks = Markdown.Blocks(File.ReadAllLines(path));
            var headings = blocks.Where(b => b.Kind == BlockKind.Heading).ToList();
            var errors = d.Count;
            if (headings.Count == 0 || headings[0].Level != 1 || headings[0].Text != name)
                d.Error(path, 1, $"an about topic starts with '# {name}'.");
            if (!headings.Any(h => h.Level == 2 && string.Equals(h.Text, "Short description", StringComparison.OrdinalIgnoreCase)))
                d.Error(path, 1, $"{name} needs a '## Short description' (Get-Help lists it).");
            if (blocks.Any(b => b.Kind != BlockKind.Heading && Markdown.IsPlaceholder(b.Text)))
                d.Error(path, 1, $"{name} still holds a {{{{ placeholder }}}}.");
            if (d.Count > errors) return null;

            var o = new List<string> { "TOPIC", "    " + name };
            Block? previous = null;
            foreach (var b in blocks.Skip(1))
            {
                // Text follows its heading directly, and items of one list stay together, as in PowerShell's own topics.
                if (!(b.Kind == BlockKind.ListItem && previous?.Kind == BlockKind.ListItem) && !(b.Kind != BlockKind.Heading && previous?.Kind == BlockKind.Heading)) o.Add("");
                previous = b;
                switch (b.Kind)
                {
                    case BlockKind.Heading:
                        o.Add(b.Level == 2 ? b.Text.ToUpperInvariant() : new string(' ', 2 * (b.Level - 2)) + Markdown.Plain(b.Text));
                        break;
                    case BlockKind.Code:
                        o.AddRange(b.Text.Split('\n').Select(l => l.Trim().Length == 0 ? "" : "        " + l.TrimEnd()));
                        break;
                    case BlockKind.ListItem:
                        o.AddRange(Markdown.Wrap(Markdown.Plain(b.Text), Width, "    - ", "      "));
                        break;
                    default:
                        o.AddRange(Markdown.Wrap(Markdown.Plain(b.Text), Width, "    ", "    "));
                        break;
                }
            }
            return string.Join("\n", o) + "\n";
        }
    }
}
