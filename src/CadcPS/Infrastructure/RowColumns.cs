using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Cadc.Core.VOTable;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// The FIELD metadata of the result a row came from, found from the row itself: kept once per row class (not
    /// per row), so a row costs no memory for it. A row reduced by Select-Object (a PSCustomObject whose type name
    /// is "Selected." + the row class's) still finds the metadata of the columns it kept.
    /// </summary>
    internal static class RowColumns
    {
        private sealed class Shape
        {
            public Shape(Type type, IReadOnlyList<VOTableField> fields, long order)
            {
                Type = type;
                Order = order;
                Columns = new Dictionary<string, VOTableColumn>(StringComparer.OrdinalIgnoreCase);
                foreach (var f in fields)
                    if (!Columns.ContainsKey(f.Key)) Columns[f.Key] = VOTableColumn.From(f, string.IsNullOrEmpty(f.Name) ? f.Key : f.Name);
            }

            public Type Type { get; }
            public long Order { get; }
            public Dictionary<string, VOTableColumn> Columns { get; }
        }

        private static readonly ConcurrentDictionary<Type, Shape> ByType = new ConcurrentDictionary<Type, Shape>();
        private static long _order;

        /// <summary>Called when a result's rows are about to be made: the row class and its fields.</summary>
        public static void Register(Type rowType, IReadOnlyList<VOTableField> fields)
        {
            var order = System.Threading.Interlocked.Increment(ref _order);
            ByType[rowType] = new Shape(rowType, fields, order);
        }

        /// <summary>
        /// The column metadata of <paramref name="row"/>'s properties, by property name; null when it is not a CadcPS
        /// row nor one selected from CadcPS rows.
        /// </summary>
        public static IReadOnlyDictionary<string, VOTableColumn>? Of(PSObject row)
        {
            if (ByType.TryGetValue(row.BaseObject.GetType(), out var direct)) return direct.Columns;
            // Select-Object: "Selected.<row class>". Several shapes may share a class name: the latest that has every property.
            var selected = row.TypeNames.FirstOrDefault(n => n.StartsWith("Selected.", StringComparison.Ordinal));
            if (selected is null) return null;
            var name = selected.Substring("Selected.".Length);
            var properties = row.Properties.Where(p => p.MemberType == PSMemberTypes.NoteProperty).Select(p => p.Name).ToList();
            return ByType.Values.Where(s => s.Type.FullName == name && properties.Any(p => s.Columns.ContainsKey(p)))
                .OrderByDescending(s => s.Order).FirstOrDefault()?.Columns;
        }
    }
}
