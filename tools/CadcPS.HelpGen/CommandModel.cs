using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CadcPS.HelpGen
{
    /// <summary>A cmdlet as the engine sees it once the module is imported: the source of every generated help field.</summary>
    internal sealed class CmdletModel
    {
        public CmdletModel(CmdletInfo cmdlet)
        {
            Name = cmdlet.Name;
            Verb = cmdlet.Verb;
            Noun = cmdlet.Noun;
            var common = new HashSet<string>(Cmdlet.CommonParameters, StringComparer.OrdinalIgnoreCase);
            Parameters = cmdlet.Parameters.Values.Where(p => !common.Contains(p.Name)).Select(p => new ParameterModel(p)).ToList();
            var byName = Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            // The default set first, as Get-Help and platyPS show it.
            foreach (var set in cmdlet.ParameterSets.OrderBy(s => s.IsDefault ? 0 : 1))
            {
                var entries = set.Parameters.Where(p => !common.Contains(p.Name))
                    .Select(p => new SetParameter(byName[p.Name], p.IsMandatory, p.Position, p.ValueFromPipeline, p.ValueFromPipelineByPropertyName))
                    .ToList();
                // Get-Command -Syntax order: positional by position, then mandatory named, then the rest as declared.
                var ordered = entries.Where(e => e.Position >= 0).OrderBy(e => e.Position)
                    .Concat(entries.Where(e => e.Position < 0 && e.Mandatory))
                    .Concat(entries.Where(e => e.Position < 0 && !e.Mandatory))
                    .ToList();
                Sets.Add(new SetModel(set.Name, set.IsDefault, ordered));
                foreach (var e in ordered) e.Parameter.InSets.Add((set.Name, e));
            }
        }

        public string Name { get; }
        public string Verb { get; }
        public string Noun { get; }
        public List<ParameterModel> Parameters { get; }
        public List<SetModel> Sets { get; } = new List<SetModel>();

        public ParameterModel? Find(string name) => Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>One syntax line per parameter set, as Get-Command -Syntax writes it (with the help's type names).</summary>
        public string SyntaxLine(SetModel set)
        {
            var parts = new List<string> { Name };
            foreach (var e in set.Parameters)
            {
                var p = e.Parameter;
                var name = e.Position >= 0 ? $"[-{p.Name}]" : $"-{p.Name}";
                var text = p.IsSwitch ? name : $"{name} <{p.ShortTypeName}>";
                parts.Add(e.Mandatory ? text : $"[{text}]");
            }
            parts.Add("[<CommonParameters>]");
            return string.Join(" ", parts);
        }
    }

    internal sealed class SetModel
    {
        public SetModel(string name, bool isDefault, List<SetParameter> parameters)
        {
            Name = name;
            IsDefault = isDefault;
            Parameters = parameters;
        }

        public string Name { get; }
        public bool IsDefault { get; }
        public List<SetParameter> Parameters { get; }
        public bool IsAll => Name == ParameterAttribute.AllParameterSets;
    }

    /// <summary>A parameter in one parameter set: what differs between sets.</summary>
    internal sealed class SetParameter
    {
        public SetParameter(ParameterModel parameter, bool mandatory, int position, bool byValue, bool byPropertyName)
        {
            Parameter = parameter;
            Mandatory = mandatory;
            Position = position;
            ByValue = byValue;
            ByPropertyName = byPropertyName;
        }

        public ParameterModel Parameter { get; }
        public bool Mandatory { get; }
        public int Position { get; }
        public bool ByValue { get; }
        public bool ByPropertyName { get; }

        public string PositionText => Position >= 0 ? Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Named";

        /// <summary>platyPS's wording, which Get-Help shows as is.</summary>
        public string PipelineText => ByValue && ByPropertyName ? "True (ByPropertyName, ByValue)"
            : ByValue ? "True (ByValue)" : ByPropertyName ? "True (ByPropertyName)" : "False";

        /// <summary>What the yaml block and the parameters section say; equal for sets that agree.</summary>
        public (bool, string, string) Key => (Mandatory, PositionText, PipelineText);
    }

    internal sealed class ParameterModel
    {
        public ParameterModel(ParameterMetadata p)
        {
            Name = p.Name;
            var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            Type = type;
            IsSwitch = p.SwitchParameter;
            Aliases = p.Aliases.ToList();
            Wildcards = p.Attributes.OfType<SupportsWildcardsAttribute>().Any();
            InAllSets = p.ParameterSets.ContainsKey(ParameterAttribute.AllParameterSets);
            var element = type.IsArray ? type.GetElementType()! : type;
            var set = p.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault();
            AcceptedValues = set != null ? set.ValidValues.ToList() : element.IsEnum ? Enum.GetNames(element).ToList() : new List<string>();
        }

        public string Name { get; }
        public Type Type { get; }
        public bool IsSwitch { get; }
        public List<string> Aliases { get; }
        public bool Wildcards { get; }
        public List<string> AcceptedValues { get; }
        public List<(string Set, SetParameter Entry)> InSets { get; } = new List<(string, SetParameter)>();

        public string ShortTypeName => Type.Name;
        public string FullTypeName => Type.FullName ?? Type.Name;
        public string AliasText => string.Join(", ", Aliases);

        /// <summary>The sets grouped by what the parameter is in them: one yaml block per group, as platyPS writes.</summary>
        public List<(List<string> Sets, SetParameter Entry)> Groups()
            => InSets.GroupBy(s => s.Entry.Key)
                     .Select(g => (g.Select(x => x.Set).ToList(), g.First().Entry))
                     .ToList();

        /// <summary>Declared for every set (no ParameterSetName): platyPS's "(All)".</summary>
        public bool InAllSets { get; }

        public string SetsText(List<string> sets) => InAllSets && sets.Count == InSets.Count ? "(All)" : string.Join(", ", sets);
    }
}
