using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CadcPS.HelpGen
{
    /// <summary>A markdown heading and the raw lines under it, with where it starts (1-based) for messages.</summary>
    internal sealed class Part
    {
        public Part(string heading, int line)
        {
            Heading = heading;
            Line = line;
        }

        public string Heading { get; }
        public int Line { get; }
        public List<string> Lines { get; } = new List<string>();
        public List<Part> Subs { get; } = new List<Part>();

        public List<Block> Blocks => Markdown.Blocks(Lines);

        /// <summary>The lines outside ```yaml fences: a parameter's prose.</summary>
        public List<string> ProseLines()
        {
            var prose = new List<string>();
            for (var i = 0; i < Lines.Count; i++)
            {
                if (Markdown.IsFence(Lines[i]) && Lines[i].Trim().Substring(3).Trim() == "yaml")
                {
                    for (i++; i < Lines.Count && !Markdown.IsFence(Lines[i]); i++) { }
                    continue;
                }
                prose.Add(Lines[i]);
            }
            return Trimmed(prose);
        }

        /// <summary>The ```yaml blocks, each as its lines and the line number of its first line.</summary>
        public List<(List<string> Lines, int Line)> YamlBlocks()
        {
            var blocks = new List<(List<string>, int)>();
            for (var i = 0; i < Lines.Count; i++)
            {
                if (!(Markdown.IsFence(Lines[i]) && Lines[i].Trim().Substring(3).Trim() == "yaml")) continue;
                var start = i + 1;
                var yaml = new List<string>();
                for (i++; i < Lines.Count && !Markdown.IsFence(Lines[i]); i++) yaml.Add(Lines[i].TrimEnd());
                blocks.Add((yaml, Line + start + 1));
            }
            return blocks;
        }

        public static List<string> Trimmed(List<string> lines)
        {
            var start = lines.FindIndex(l => !string.IsNullOrWhiteSpace(l));
            if (start < 0) return new List<string>();
            var end = lines.FindLastIndex(l => !string.IsNullOrWhiteSpace(l));
            return lines.GetRange(start, end - start + 1).Select(l => l.TrimEnd()).ToList();
        }
    }

    /// <summary>
    /// A cmdlet's help in platyPS markdown: # Name, then ## SYNOPSIS, SYNTAX, DESCRIPTION, EXAMPLES, PARAMETERS,
    /// INPUTS, OUTPUTS, NOTES, RELATED LINKS. Headings inside code fences are code, not headings.
    /// </summary>
    internal sealed class CmdletDoc
    {
        public static readonly string[] SectionOrder = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        public CmdletDoc(string path, string[] lines)
        {
            Path = path;
            var i = 0;
            if (lines.Length > 0 && lines[0].Trim() == "---")
            {
                for (i = 1; i < lines.Length && lines[i].Trim() != "---"; i++) FrontMatter.Add(lines[i]);
                i++;
            }
            Part? section = null, sub = null;
            var inFence = false;
            for (; i < lines.Length; i++)
            {
                var line = lines[i];
                var level = inFence ? 0 : Markdown.HeadingLevel(line);
                if (Markdown.IsFence(line)) inFence = !inFence;
                if (level == 1 && Title is null)
                {
                    Title = Markdown.HeadingText(line);
                    TitleLine = i + 1;
                    continue;
                }
                if (level == 2)
                {
                    section = new Part(Markdown.HeadingText(line).ToUpperInvariant(), i + 1);
                    sub = null;
                    Sections.Add(section);
                    continue;
                }
                if (level == 3 && section != null)
                {
                    sub = new Part(Markdown.HeadingText(line), i + 1);
                    section.Subs.Add(sub);
                    continue;
                }
                (sub ?? section)?.Lines.Add(line);
            }
        }

        public string Path { get; }
        public List<string> FrontMatter { get; } = new List<string>();
        public string? Title { get; }
        public int TitleLine { get; }
        public List<Part> Sections { get; } = new List<Part>();

        public Part? Section(string name) => Sections.FirstOrDefault(s => s.Heading == name);

        /// <summary>The ### -Name parts of PARAMETERS (CommonParameters is the standard note, not a parameter).</summary>
        public IEnumerable<Part> ParameterParts => Section("PARAMETERS")?.Subs.Where(s => s.Heading.StartsWith("-", StringComparison.Ordinal)) ?? Enumerable.Empty<Part>();

        public static CmdletDoc Load(string path) => new CmdletDoc(path, File.ReadAllLines(path));
    }
}
