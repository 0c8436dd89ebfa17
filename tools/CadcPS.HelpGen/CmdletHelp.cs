using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace CadcPS.HelpGen
{
    /// <summary>One cmdlet's markdown checked against, and completed from, its metadata.</summary>
    internal sealed class CmdletHelp
    {
        public const string CommonParametersText =
            "This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).";

        private static readonly string[] DefaultFrontMatter = { "external help file: CadcPS.dll-Help.xml", "Module Name: CadcPS", "online version:", "schema: 2.0.0" };

        public CmdletHelp(CmdletModel model, CmdletDoc doc)
        {
            Model = model;
            Doc = doc;
        }

        public CmdletModel Model { get; }
        public CmdletDoc Doc { get; }

        // ---- generated parts ----

        public List<string> SyntaxLines()
        {
            var lines = new List<string>();
            foreach (var set in Model.Sets)
            {
                if (lines.Count > 0) lines.Add("");
                lines.Add($"### {set.Name}{(set.IsDefault && Model.Sets.Count > 1 ? " (Default)" : "")}");
                lines.Add("```");
                lines.Add(Model.SyntaxLine(set));
                lines.Add("```");
            }
            return lines;
        }

        public static List<string> Yaml(ParameterModel p, List<string> sets, SetParameter entry, string defaultValue)
        {
            var yaml = new List<string>
            {
                $"Type: {p.ShortTypeName}",
                $"Parameter Sets: {p.SetsText(sets)}",
                ("Aliases: " + p.AliasText).TrimEnd(),
            };
            if (p.AcceptedValues.Count > 0) yaml.Add("Accepted values: " + string.Join(", ", p.AcceptedValues));
            yaml.Add("");
            yaml.Add($"Required: {(entry.Mandatory ? "True" : "False")}");
            yaml.Add($"Position: {entry.PositionText}");
            yaml.Add($"Default value: {defaultValue}");
            yaml.Add($"Accept pipeline input: {entry.PipelineText}");
            yaml.Add($"Accept wildcard characters: {(p.Wildcards ? "True" : "False")}");
            return yaml;
        }

        /// <summary>"Default value:" of the parameter's first yaml block: written by hand, not generated.</summary>
        public static string DefaultValue(Part? part)
        {
            var line = part?.YamlBlocks().SelectMany(b => b.Lines).FirstOrDefault(l => l.StartsWith("Default value:", StringComparison.Ordinal));
            var value = line?.Substring("Default value:".Length).Trim();
            return string.IsNullOrEmpty(value) ? "None" : value!;
        }

        public Part? ParameterPart(string name) => Doc.ParameterParts.FirstOrDefault(p => string.Equals(p.Heading.Substring(1), name, StringComparison.OrdinalIgnoreCase));

        public static string Description(Part part)
            => string.Join(" ", Markdown.Blocks(part.ProseLines()).Select(b => b.Text)).Trim();

        // ---- checks ----

        public void Check(Diagnostics d)
        {
            var path = Doc.Path;
            if (Doc.Title != Model.Name)
                d.Error(path, Math.Max(Doc.TitleLine, 1), $"the title must be '# {Model.Name}' (found '{Doc.Title ?? "(none)"}').");
            foreach (var s in Doc.Sections.Where(s => !CmdletDoc.SectionOrder.Contains(s.Heading)))
                d.Error(path, s.Line, $"'## {s.Heading}' is not a platyPS section; use {string.Join(", ", CmdletDoc.SectionOrder)}.");
            foreach (var g in Doc.Sections.GroupBy(s => s.Heading).Where(g => g.Count() > 1))
                d.Error(path, g.Last().Line, $"'## {g.Key}' appears {g.Count()} times.");

            RequireText("SYNOPSIS", d);
            RequireText("DESCRIPTION", d);

            var examples = Doc.Section("EXAMPLES")?.Subs ?? new List<Part>();
            if (examples.Count < 2)
                d.Error(path, Doc.Section("EXAMPLES")?.Line ?? 1, $"{Model.Name} needs at least 2 examples (### Example N: title, a code fence, then what it does); found {examples.Count}.");
            foreach (var e in examples)
            {
                var blocks = e.Blocks;
                if (!blocks.Any(b => b.Kind == BlockKind.Code && b.Text.Trim().Length > 0))
                    d.Error(path, e.Line, $"example '{e.Heading}' has no code fence.");
                if (!blocks.Any(b => b.Kind != BlockKind.Code && b.Text.Trim().Length > 0))
                    d.Error(path, e.Line, $"example '{e.Heading}' does not say what it does (text after the code).");
            }

            var syntax = Doc.Section("SYNTAX");
            var wanted = SyntaxLines();
            if (syntax is null)
                d.Error(path, 1, "there is no '## SYNTAX' section." + Diagnostics.UpdateHint);
            else
            {
                var have = Part.Trimmed(syntax.Subs.SelectMany(s => new[] { "### " + s.Heading }.Concat(Part.Trimmed(s.Lines)).Append("")).ToList());
                if (!have.SequenceEqual(wanted))
                    d.Error(path, syntax.Line, $"SYNTAX does not match {Model.Name}'s parameter sets ({First(have, wanted)})." + Diagnostics.UpdateHint);
            }

            if (Doc.Section("PARAMETERS") is null && Model.Parameters.Count > 0)
                d.Error(path, 1, "there is no '## PARAMETERS' section.");
            foreach (var g in Doc.ParameterParts.GroupBy(p => p.Heading.ToUpperInvariant()).Where(g => g.Count() > 1))
                d.Error(path, g.Last().Line, $"'### {g.First().Heading}' appears {g.Count()} times.");
            foreach (var part in Doc.ParameterParts)
            {
                var name = part.Heading.Substring(1);
                var p = Model.Find(name);
                if (p is null)
                {
                    d.Error(path, part.Line, $"documents -{name}, but {Model.Name} has no parameter -{name}. Remove the section (or rename it to the parameter it describes).");
                    continue;
                }
                if (p.Name != name)
                    d.Error(path, part.Line, $"-{name} is spelled -{p.Name} in {Model.Name}.");
                var text = Description(part);
                if (text.Length == 0 || Markdown.IsPlaceholder(text))
                    d.Error(path, part.Line, $"-{p.Name} has no description: write what it does under '### -{p.Name}'.");
                var have = part.YamlBlocks();
                var groups = p.Groups();
                var def = DefaultValue(part);
                if (have.Count != groups.Count)
                {
                    d.Error(path, part.Line, $"-{p.Name} needs {groups.Count} yaml block(s), one per group of parameter sets; found {have.Count}." + Diagnostics.UpdateHint);
                    continue;
                }
                for (var i = 0; i < groups.Count; i++)
                {
                    var want = Yaml(p, groups[i].Sets, groups[i].Entry, def);
                    var got = have[i].Lines;
                    if (!Strip(got).SequenceEqual(Strip(want)))
                        d.Error(path, have[i].Line, $"the yaml of -{p.Name} does not match {Model.Name} ({First(got, want)})." + Diagnostics.UpdateHint);
                }
            }
            foreach (var p in Model.Parameters.Where(p => ParameterPart(p.Name) is null))
                d.Error(path, Doc.Section("PARAMETERS")?.Line ?? 1, $"{Model.Name} has a parameter -{p.Name} that is not documented: add '### -{p.Name}' with its description." + Diagnostics.UpdateHint);
        }

        private void RequireText(string section, Diagnostics d)
        {
            var s = Doc.Section(section);
            var text = s is null ? "" : string.Join(" ", s.Blocks.Select(b => b.Text)).Trim();
            if (text.Length == 0 || Markdown.IsPlaceholder(text))
                d.Error(Doc.Path, s?.Line ?? 1, $"{Model.Name} needs a {section.ToLowerInvariant()} under '## {section}'.");
        }

        private static IEnumerable<string> Strip(IEnumerable<string> yaml) => yaml.Where(l => !l.StartsWith("Default value:", StringComparison.Ordinal)).Select(l => l.TrimEnd());

        private static string First(List<string> have, List<string> want)
        {
            for (var i = 0; i < Math.Max(have.Count, want.Count); i++)
            {
                var h = i < have.Count ? have[i] : "(nothing)";
                var w = i < want.Count ? want[i] : "(nothing)";
                if (h != w && !(h.StartsWith("Default value:") && w.StartsWith("Default value:"))) return $"'{h}' where the cmdlet gives '{w}'";
            }
            return "they differ";
        }

        // ---- markdown, completed from the metadata (--update-markdown) ----

        public string UpdatedMarkdown()
        {
            var o = new List<string> { "---" };
            o.AddRange(Doc.FrontMatter.Count > 0 ? Doc.FrontMatter : DefaultFrontMatter.ToList());
            o.Add("---");
            o.Add("");
            o.Add("# " + Model.Name);
            foreach (var name in CmdletDoc.SectionOrder.Concat(Doc.Sections.Select(s => s.Heading).Where(h => !CmdletDoc.SectionOrder.Contains(h))))
            {
                var section = Doc.Section(name);
                o.Add("");
                o.Add("## " + name);
                o.Add("");
                switch (name)
                {
                    case "SYNTAX":
                        o.AddRange(SyntaxLines());
                        break;
                    case "PARAMETERS":
                        WriteParameters(o, section);
                        break;
                    default:
                        var body = section is null ? new List<string>() : Part.Trimmed(section.Lines);
                        if (body.Count == 0 && (name == "SYNOPSIS" || name == "DESCRIPTION")) body.Add($"{{{{ Fill in the {name.ToLowerInvariant()} }}}}");
                        o.AddRange(body);
                        foreach (var sub in section?.Subs ?? new List<Part>())
                        {
                            if (o[o.Count - 1].Length > 0) o.Add("");
                            o.Add("### " + sub.Heading);
                            o.Add("");
                            o.AddRange(Part.Trimmed(sub.Lines));
                        }
                        break;
                }
                while (o[o.Count - 1].Length == 0) o.RemoveAt(o.Count - 1);
            }
            return string.Join("\n", o) + "\n";
        }

        private void WriteParameters(List<string> o, Part? section)
        {
            var documented = Doc.ParameterParts.ToList();
            var order = documented.Select(p => (Part: (Part?)p, Name: Model.Find(p.Heading.Substring(1))?.Name ?? p.Heading.Substring(1))).ToList();
            foreach (var p in Model.Parameters.Where(p => ParameterPart(p.Name) is null)) order.Add((null, p.Name));
            if (section != null) o.AddRange(Part.Trimmed(section.Lines));
            foreach (var (part, name) in order)
            {
                if (o[o.Count - 1].Length > 0) o.Add("");
                o.Add("### -" + name);
                o.Add("");
                var prose = part?.ProseLines() ?? new List<string>();
                o.AddRange(prose.Count > 0 ? prose : new List<string> { $"{{{{ Fill {name} Description }}}}" });
                var p = Model.Find(name);
                if (p is null)
                {
                    // Not a parameter (any more): its yaml stays as written, and the check says so.
                    foreach (var y in part!.YamlBlocks()) { o.Add(""); o.Add("```yaml"); o.AddRange(y.Lines); o.Add("```"); }
                    continue;
                }
                var def = DefaultValue(part);
                foreach (var (sets, entry) in p.Groups())
                {
                    o.Add("");
                    o.Add("```yaml");
                    o.AddRange(Yaml(p, sets, entry, def));
                    o.Add("```");
                }
            }
            o.Add("");
            o.Add("### CommonParameters");
            o.Add("");
            o.Add(CommonParametersText);
        }

        /// <summary>A new file's markdown: every generated part, placeholders for the prose.</summary>
        public static string Skeleton(CmdletModel model, string path)
        {
            var doc = new CmdletDoc(path, new[] { "# " + model.Name, "", "## EXAMPLES", "",
                "### Example 1: {{ title }}", "```powershell", "{{ code }}", "```", "", "{{ what it does }}" });
            return new CmdletHelp(model, doc).UpdatedMarkdown();
        }
    }
}
