using System;
using System.Collections;
using System.Globalization;
using System.Text;

namespace Cadc.Core.Text
{
    /// <summary>How a cell value is written as text: culture-invariant, round-trippable, arrays as DALI space-separated lists.</summary>
    public static class CellText
    {
        public static string Format(object? value)
        {
            switch (value)
            {
                case null: return "";
                case string s: return s;
                case double d: return d.ToString("R", CultureInfo.InvariantCulture);
                case float f: return f.ToString("R", CultureInfo.InvariantCulture);
                case bool b: return b ? "true" : "false";
                case DateTime t: return t.ToString(t.TimeOfDay.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
                case IFormattable x when !(value is IEnumerable): return x.ToString(null, CultureInfo.InvariantCulture);
                case IEnumerable items:
                    var sb = new StringBuilder();
                    foreach (var item in items)
                    {
                        if (sb.Length > 0) sb.Append(' ');
                        sb.Append(Format(item));
                    }
                    return sb.ToString();
                default: return value.ToString() ?? "";
            }
        }
    }
}
