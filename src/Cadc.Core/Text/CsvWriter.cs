using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Cadc.Core.Geometry;
using Cadc.Core.VOTable;

namespace Cadc.Core.Text
{
    /// <summary>
    /// RFC 4180 CSV: a header line, then one line per row; fields quoted only when they must be. Given the table's
    /// fields, shapes are written as CADC's own CSV has them (cadc-dali's formats): a shape or multishape column's
    /// values with their keyword ("circle 10 20 0.5", "polygon 1 2 3 4 5 6 polygon ..."), an adql:REGION column's in
    /// STC-S ("Polygon 1 2 3 4 5 6"), so that a circle and a polygon of the same column stay apart; point, circle,
    /// polygon, interval and multiinterval columns are their DALI numbers, like every other array.
    /// </summary>
    public sealed class CsvWriter
    {
        private static readonly char[] NeedsQuotes = { ',', '"', '\r', '\n' };
        private readonly TextWriter _writer;
        private readonly Func<object?, string>[]? _formats;

        public CsvWriter(TextWriter writer) => _writer = writer;

        /// <summary>A writer for rows of <paramref name="fields"/>, which decide how each column's values are written.</summary>
        public CsvWriter(TextWriter writer, IReadOnlyList<VOTableField> fields)
        {
            if (fields is null) throw new ArgumentNullException(nameof(fields));
            _writer = writer;
            _formats = new Func<object?, string>[fields.Count];
            for (var i = 0; i < fields.Count; i++) _formats[i] = FormatOf(fields[i].XType);
        }

        private static Func<object?, string> FormatOf(string? xtype)
        {
            var x = (xtype ?? "").Trim().ToLowerInvariant();
            if (x.StartsWith("adql:", StringComparison.Ordinal)) x = x.Substring(5);
            switch (x)
            {
                case "shape": case "multishape": return v => Shapes(v, Dali.ShapeText);
                case "region": return v => Shapes(v, Dali.StcsText);
                default: return CellText.Format;
            }
        }

        /// <summary>A shape, or the shapes of a multishape separated by spaces, each in <paramref name="text"/>'s form; text cells as they are.</summary>
        private static string Shapes(object? value, Func<object?, string?> text)
        {
            if (text(value) is string one) return one;
            if (!(value is object[] many)) return CellText.Format(value);
            var sb = new StringBuilder();
            foreach (var shape in many)
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(text(shape) ?? CellText.Format(shape));
            }
            return sb.ToString();
        }

        public void WriteHeader(IEnumerable<string> names) => WriteLine(names);

        public void WriteRow(object?[] row)
        {
            if (row is null) throw new ArgumentNullException(nameof(row));
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) _writer.Write(',');
                WriteField(_formats != null && i < _formats.Length ? _formats[i](row[i]) : CellText.Format(row[i]));
            }
            _writer.Write("\r\n");
        }

        private void WriteLine(IEnumerable<string> fields)
        {
            var first = true;
            foreach (var f in fields)
            {
                if (!first) _writer.Write(',');
                WriteField(f);
                first = false;
            }
            _writer.Write("\r\n");
        }

        private void WriteField(string text)
        {
            if (text.IndexOfAny(NeedsQuotes) < 0 && (text.Length == 0 || (text[0] != ' ' && text[text.Length - 1] != ' ')))
            {
                _writer.Write(text);
                return;
            }
            _writer.Write('"');
            _writer.Write(text.Replace("\"", "\"\""));
            _writer.Write('"');
        }
    }
}
