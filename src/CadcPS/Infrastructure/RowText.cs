using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using System.Text;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// The text of a result row ("$row", Write-Host $row, -join): @{col=value; ...} as a PSCustomObject shows,
    /// instead of the row class's name. RowTypeBuilder's classes call <see cref="Format"/> from their ToString;
    /// public because a dynamic assembly may only call public members of this one.
    /// </summary>
    public static class RowText
    {
        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Columns = new ConcurrentDictionary<Type, PropertyInfo[]>();

        /// <summary>@{name=value; ...} for every column of <paramref name="row"/>, in column order; values as PowerShell converts them to text.</summary>
        public static string Format(object row)
        {
            if (row is null) throw new ArgumentNullException(nameof(row));
            // Declaration order is column order: RowTypeBuilder defines one property per column, in order.
            var columns = Columns.GetOrAdd(row.GetType(), t => Array.FindAll(t.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => p.GetIndexParameters().Length == 0));
            var sb = new StringBuilder("@{");
            for (var i = 0; i < columns.Length; i++)
            {
                if (i > 0) sb.Append("; ");
                sb.Append(columns[i].Name).Append('=').Append(Text(columns[i].GetValue(row)));
            }
            return sb.Append('}').ToString();
        }

        private static string Text(object? value)
        {
            if (value is null) return "";
            try { return (string)LanguagePrimitives.ConvertTo(value, typeof(string), CultureInfo.InvariantCulture); }
            catch (PSInvalidCastException) { return Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""; }
        }
    }
}
