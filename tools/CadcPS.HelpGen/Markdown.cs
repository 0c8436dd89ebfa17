using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace CadcPS.HelpGen
{
    /// <summary>A block of a markdown body: a paragraph, a list item, a heading or a fenced code block.</summary>
    internal sealed class Block
    {
        public Block(BlockKind kind, string text, int level = 0, string info = "")
        {
            Kind = kind;
            Text = text;
            Level = level;
            Info = info;
        }

        public BlockKind Kind { get; }
        public string Text { get; }
        public int Level { get; }
        /// <summary>A code fence's language ("powershell", "yaml").</summary>
        public string Info { get; }
    }

    internal enum BlockKind { Paragraph, ListItem, Heading, Code }

    /// <summary>The little markdown the help is written in: headings, paragraphs, lists, code fences, inline code and links.</summary>
    internal static class Markdown
    {
        private static readonly Regex ListMarker = new Regex(@"^\s*(?:[-*+]|\d+\.)\s+");
        private static readonly Regex Link = new Regex(@"\[([^\]]+)\]\(([^)\s]+)\)");

        public static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

        /// <summary>The heading level of a line outside code fences (0 when it is no heading).</summary>
        public static int HeadingLevel(string line)
        {
            var m = Regex.Match(line, @"^(#{1,6})\s+\S");
            return m.Success ? m.Groups[1].Length : 0;
        }

        public static string HeadingText(string line) => line.TrimStart('#').Trim();

        public static List<Block> Blocks(IEnumerable<string> lines)
        {
            var blocks = new List<Block>();
            var para = new List<string>();
            var isItem = false;
            void Flush()
            {
                if (para.Count > 0) blocks.Add(new Block(isItem ? BlockKind.ListItem : BlockKind.Paragraph, string.Join(" ", para.Select(l => l.Trim()))));
                para.Clear();
                isItem = false;
            }
            var all = lines.ToList();
            for (var i = 0; i < all.Count; i++)
            {
                var line = all[i];
                if (IsFence(line))
                {
                    Flush();
                    var info = line.Trim().Substring(3).Trim();
                    var code = new List<string>();
                    for (i++; i < all.Count && !IsFence(all[i]); i++) code.Add(all[i]);
                    blocks.Add(new Block(BlockKind.Code, string.Join("\n", code), info: info));
                    continue;
                }
                if (line.TrimStart().StartsWith("<!--", StringComparison.Ordinal))
                {
                    Flush();
                    while (i < all.Count && !all[i].Contains("-->")) i++;
                    continue;
                }
                if (string.IsNullOrWhiteSpace(line)) { Flush(); continue; }
                var level = HeadingLevel(line);
                if (level > 0)
                {
                    Flush();
                    blocks.Add(new Block(BlockKind.Heading, HeadingText(line), level));
                    continue;
                }
                var marker = ListMarker.Match(line);
                if (marker.Success)
                {
                    Flush();
                    isItem = true;
                    para.Add(line.Substring(marker.Length));
                    continue;
                }
                para.Add(line);
            }
            Flush();
            return blocks;
        }

        /// <summary>Inline markdown to plain text: `code` loses its backticks, a link becomes "text (url)" (relative links: the text).</summary>
        public static string Plain(string text)
        {
            var s = Link.Replace(text, m => m.Groups[2].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase) && m.Groups[2].Value != m.Groups[1].Value
                ? $"{m.Groups[1].Value} ({m.Groups[2].Value})" : m.Groups[1].Value);
            s = Regex.Replace(s, @"`([^`]+)`", "$1");
            s = s.Replace("**", "");
            return Regex.Replace(s, @"\\([\\`*_{}\[\]()#+\-.!<>|])", "$1");
        }

        /// <summary>Whether the text still holds a platyPS placeholder ({{ ... }}).</summary>
        public static bool IsPlaceholder(string text) => text.Contains("{{");

        /// <summary>Words wrapped to <paramref name="width"/> columns, the first line after <paramref name="first"/>, the others after <paramref name="rest"/>.</summary>
        public static IEnumerable<string> Wrap(string text, int width, string first, string rest)
        {
            var line = first;
            var empty = true;
            foreach (var word in text.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > width)
                {
                    yield return line;
                    line = rest;
                    empty = true;
                }
                line += (empty ? "" : " ") + word;
                empty = false;
            }
            if (!empty) yield return line;
        }
    }
}
