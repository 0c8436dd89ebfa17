using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CadcPS.HelpGen
{
    /// <summary>
    /// Writes CadcPS.dll-Help.xml as platyPS would: names, types, sets, required, position, pipeline input,
    /// wildcards and aliases from the metadata; prose, default values, examples and links from the markdown.
    /// </summary>
    internal static class MamlWriter
    {
        private static readonly XNamespace Msh = "http://msh";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";
        private static readonly Regex LinkLine = new Regex(@"^\[(?<t>[^\]]+)\]\((?<u>[^)]*)\)$");

        public static XDocument Write(IEnumerable<CmdletHelp> commands)
        {
            var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev), new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp));
            foreach (var c in commands) root.Add(CommandElement(c));
            return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        }

        private static XElement CommandElement(CmdletHelp help)
        {
            var m = help.Model;
            var doc = help.Doc;
            return new XElement(Command + "command",
                new XElement(Command + "details",
                    new XElement(Command + "name", m.Name),
                    new XElement(Command + "verb", m.Verb),
                    new XElement(Command + "noun", m.Noun),
                    Description(doc.Section("SYNOPSIS")?.Blocks)),
                Description(doc.Section("DESCRIPTION")?.Blocks),
                new XElement(Command + "syntax", m.Sets.Select(s => SyntaxItem(help, s))),
                new XElement(Command + "parameters", Ordered(help).Select(p => Parameter(help, p))),
                new XElement(Command + "inputTypes", Types(doc.Section("INPUTS"), "inputType")),
                new XElement(Command + "returnValues", Types(doc.Section("OUTPUTS"), "returnValue")),
                Notes(doc.Section("NOTES")),
                new XElement(Command + "examples", (doc.Section("EXAMPLES")?.Subs ?? new List<Part>()).Select(Example)),
                new XElement(Command + "relatedLinks", Links(doc.Section("RELATED LINKS"))));
        }

        /// <summary>The markdown's order, which the author chose; the check guarantees each parameter is there once.</summary>
        private static IEnumerable<ParameterModel> Ordered(CmdletHelp help)
            => help.Doc.ParameterParts.Select(p => help.Model.Find(p.Heading.Substring(1))).Where(p => p != null).Select(p => p!).Distinct();

        private static XElement SyntaxItem(CmdletHelp help, SetModel set)
            => new XElement(Command + "syntaxItem",
                new XElement(Maml + "name", help.Model.Name),
                set.Parameters.Select(e => ParameterHead(e.Parameter, e,
                    e.Parameter.AcceptedValues.Count > 0
                        ? new XElement(Command + "parameterValueGroup", e.Parameter.AcceptedValues.Select(v =>
                            new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v)))
                        : null,
                    e.Parameter.IsSwitch ? null : Value(e.Parameter),
                    TypeElement(e.Parameter),
                    new XElement(Dev + "defaultValue", CmdletHelp.DefaultValue(help.ParameterPart(e.Parameter.Name))))));

        private static XElement Parameter(CmdletHelp help, ParameterModel p)
        {
            var part = help.ParameterPart(p.Name)!;
            // The parameters section has one entry per parameter: the default set's view of it, else the first.
            var entry = p.InSets.OrderBy(s => help.Model.Sets.FindIndex(x => x.Name == s.Set)).First().Entry;
            return ParameterHead(p, entry,
                Description(Markdown.Blocks(part.ProseLines())),
                Value(p),
                TypeElement(p),
                new XElement(Dev + "defaultValue", CmdletHelp.DefaultValue(part)));
        }

        private static XElement ParameterHead(ParameterModel p, SetParameter entry, params object?[] content)
            => new XElement(Command + "parameter",
                new XAttribute("required", entry.Mandatory ? "true" : "false"),
                new XAttribute("variableLength", p.Type.IsArray ? "true" : "false"),
                new XAttribute("globbing", p.Wildcards ? "true" : "false"),
                new XAttribute("pipelineInput", entry.PipelineText),
                new XAttribute("position", entry.Position >= 0 ? entry.PositionText : "named"),
                new XAttribute("aliases", p.Aliases.Count > 0 ? p.AliasText : "none"),
                new XElement(Maml + "name", p.Name),
                content);

        private static XElement Value(ParameterModel p)
            => new XElement(Command + "parameterValue", new XAttribute("required", p.IsSwitch ? "false" : "true"),
                new XAttribute("variableLength", p.Type.IsArray ? "true" : "false"), p.ShortTypeName);

        private static XElement TypeElement(ParameterModel p)
            => new XElement(Dev + "type", new XElement(Maml + "name", p.FullTypeName), new XElement(Maml + "uri"));

        private static XElement Description(IEnumerable<Block>? blocks)
            => new XElement(Maml + "description", Paras(blocks));

        private static IEnumerable<XElement> Paras(IEnumerable<Block>? blocks)
            => (blocks ?? Enumerable.Empty<Block>()).Select(b => new XElement(Maml + "para",
                b.Kind == BlockKind.ListItem ? "- " + Markdown.Plain(b.Text) : b.Kind == BlockKind.Code ? b.Text : Markdown.Plain(b.Text)));

        private static IEnumerable<XElement> Types(Part? section, string element)
            => (section?.Subs ?? new List<Part>()).Select(s => new XElement(Command + element,
                new XElement(Dev + "type", new XElement(Maml + "name", Markdown.Plain(s.Heading)), new XElement(Maml + "uri")),
                Description(s.Blocks)));

        private static XElement? Notes(Part? section)
        {
            var paras = Paras(section?.Blocks).ToList();
            return paras.Count == 0 ? null : new XElement(Maml + "alertSet", new XElement(Maml + "alert", paras));
        }

        private static XElement Example(Part e)
        {
            var blocks = e.Blocks;
            return new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- {e.Heading} --------------------------"),
                new XElement(Dev + "code", string.Join("\n\n", blocks.Where(b => b.Kind == BlockKind.Code).Select(b => b.Text))),
                // The empty last paragraph is the blank line Get-Help otherwise leaves out before the next example.
                new XElement(Dev + "remarks", Paras(blocks.Where(b => b.Kind != BlockKind.Code)), new XElement(Maml + "para")));
        }

        private static IEnumerable<XElement> Links(Part? section)
        {
            foreach (var line in section?.Lines ?? new List<string>())
            {
                var text = line.Trim();
                if (text.Length == 0) continue;
                var m = LinkLine.Match(text);
                var uri = m.Success && Uri.TryCreate(m.Groups["u"].Value, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http", StringComparison.Ordinal) ? u.AbsoluteUri : "";
                yield return new XElement(Maml + "navigationLink",
                    new XElement(Maml + "linkText", m.Success ? m.Groups["t"].Value : Markdown.Plain(text)),
                    new XElement(Maml + "uri", uri));
            }
        }
    }
}
