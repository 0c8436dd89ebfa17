using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;
using Cadc.Core.Errors;
using Cadc.Core.Geometry;
using Cadc.Core.Text;

namespace Cadc.Core.VOTable
{
    /// <summary>How the rows of a written VOTable are serialized.</summary>
    public enum VOTableSerialization
    {
        /// <summary>XML: a TR of TDs per row; readable, larger.</summary>
        TableData,
        /// <summary>BINARY2: base64 of big-endian values with a null flag per cell; smaller and exact for floats.</summary>
        Binary2,
    }

    /// <summary>
    /// Writes one table as a VOTable 1.4 document, a row at a time: memory does not grow with the rows. Values are
    /// the CLR types <see cref="VOTableReader"/> gives (so a result read from a service goes back out as it came), or
    /// anything <see cref="VOTableColumn.Infer"/> chose a column for. A value that does not fit its column (text in a
    /// double column) is an InvalidTableValue error naming the column and the row.
    /// </summary>
    public sealed class VOTableWriter : IDisposable
    {
        private readonly TextWriter _text;
        private readonly VOTableSerialization _serialization;
        private readonly ColumnEncoder[] _columns;
        private readonly Base64Block? _binary;
        private long _rows;
        private bool _completed;

        public VOTableWriter(Stream stream, IReadOnlyList<VOTableColumn> columns, VOTableSerialization serialization,
            string? tableName = null, IEnumerable<KeyValuePair<string, string>>? infos = null)
        {
            if (columns.Count == 0) throw new ArgumentException("A table needs at least one column.", nameof(columns));
            _text = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024);
            _serialization = serialization;
            _columns = new ColumnEncoder[columns.Count];
            for (var i = 0; i < columns.Count; i++) _columns[i] = new ColumnEncoder(columns[i]);
            WriteHead(tableName, infos);
            if (serialization == VOTableSerialization.Binary2) _binary = new Base64Block(_text);
        }

        public long RowCount => _rows;

        public void WriteRow(IReadOnlyList<object?> row)
        {
            if (_completed) throw new InvalidOperationException("The table is complete.");
            _rows++;
            if (_binary != null) WriteBinaryRow(row);
            else WriteTextRow(row);
        }

        /// <summary>Ends the document. Without it the file is not a VOTable (which is why writers write to .part first).</summary>
        public void Complete()
        {
            if (_completed) return;
            _completed = true;
            if (_binary != null)
            {
                _binary.Flush();
                _text.Write("\n</STREAM></BINARY2>\n");
            }
            else _text.Write("</TABLEDATA>\n");
            _text.Write("</DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n");
            _text.Flush();
        }

        public void Dispose() => _text.Dispose();

        private void WriteHead(string? tableName, IEnumerable<KeyValuePair<string, string>>? infos)
        {
            var t = _text;
            t.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            t.Write("<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
            t.Write(" xsi:schemaLocation=\"http://www.ivoa.net/xml/VOTable/v1.3 http://www.ivoa.net/xml/VOTable/votable-1.4.xsd\">\n");
            t.Write("<RESOURCE type=\"results\">\n");
            if (infos != null)
                foreach (var info in infos)
                    t.Write($"<INFO name=\"{Xml.Escape(info.Key)}\" value=\"{Xml.Escape(info.Value)}\"/>\n");
            t.Write(tableName != null ? $"<TABLE name=\"{Xml.Escape(tableName)}\">\n" : "<TABLE>\n");
            foreach (var c in _columns)
            {
                var m = c.Column;
                t.Write($"<FIELD name=\"{Xml.Escape(m.Name)}\" datatype=\"{Xml.Escape(c.Datatype)}\"");
                if (c.ArraySizeText != null) t.Write($" arraysize=\"{Xml.Escape(c.ArraySizeText)}\"");
                if (m.XType != null) t.Write($" xtype=\"{Xml.Escape(m.XType)}\"");
                if (m.Unit != null) t.Write($" unit=\"{Xml.Escape(m.Unit)}\"");
                if (m.Ucd != null) t.Write($" ucd=\"{Xml.Escape(m.Ucd)}\"");
                if (m.Utype != null) t.Write($" utype=\"{Xml.Escape(m.Utype)}\"");
                if (string.IsNullOrEmpty(m.Description)) t.Write("/>\n");
                else t.Write($">\n<DESCRIPTION>{Xml.Escape(m.Description!)}</DESCRIPTION>\n</FIELD>\n");
            }
            t.Write("<DATA>\n");
            t.Write(_serialization == VOTableSerialization.Binary2 ? "<BINARY2>\n<STREAM encoding=\"base64\">\n" : "<TABLEDATA>\n");
        }

        private void WriteTextRow(IReadOnlyList<object?> row)
        {
            _text.Write("<TR>");
            for (var i = 0; i < _columns.Length; i++)
            {
                var text = Cell(i, row).Text();
                if (text is null) _text.Write("<TD/>");
                else
                {
                    _text.Write("<TD>");
                    _text.Write(Xml.Escape(text));
                    _text.Write("</TD>");
                }
            }
            _text.Write("</TR>\n");
        }

        private void WriteBinaryRow(IReadOnlyList<object?> row)
        {
            var flags = new byte[(_columns.Length + 7) / 8];
            var cells = new CellValue[_columns.Length];
            for (var i = 0; i < _columns.Length; i++)
            {
                cells[i] = Cell(i, row);
                if (cells[i].IsNull) flags[i / 8] |= (byte)(0x80 >> (i % 8));
            }
            _binary!.Write(flags, 0, flags.Length);
            for (var i = 0; i < _columns.Length; i++) cells[i].WriteBinary(_binary);
        }

        private CellValue Cell(int i, IReadOnlyList<object?> row)
        {
            var value = i < row.Count ? row[i] : null;
            try { return _columns[i].Encode(value); }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException || ex is ArgumentException)
            {
                var shown = value is null ? "" : CellText.Format(value);
                if (shown.Length > 80) shown = shown.Substring(0, 80) + "...";
                throw new CadcException(ErrorIds.InvalidTableValue, CadcErrorKind.InvalidData,
                    $"Row {_rows:N0}: '{shown}' does not fit column {_columns[i].Column.Name} ({_columns[i].Datatype}{(_columns[i].ArraySizeText != null ? "[" + _columns[i].ArraySizeText + "]" : "")}).",
                    _columns[i].Column.Name, ex);
            }
        }

        /// <summary>XML 1.0 text: markup characters escaped, characters XML cannot carry dropped.</summary>
        internal static class Xml
        {
            public static string Escape(string s)
            {
                StringBuilder? sb = null;
                for (var i = 0; i < s.Length; i++)
                {
                    var ch = s[i];
                    string? rep = ch switch
                    {
                        '<' => "&lt;",
                        '>' => "&gt;",
                        '&' => "&amp;",
                        '"' => "&quot;",
                        _ => (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == '\uFFFE' || ch == '\uFFFF'
                             || (char.IsSurrogate(ch) && !(char.IsHighSurrogate(ch) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                                 && !(char.IsLowSurrogate(ch) && i > 0 && char.IsHighSurrogate(s[i - 1]))) ? "" : null,
                    };
                    if (rep is null) { sb?.Append(ch); continue; }
                    if (sb is null) sb = new StringBuilder(s, 0, i, s.Length + 16);
                    sb.Append(rep);
                }
                return sb?.ToString() ?? s;
            }
        }

        /// <summary>Base64 of the BINARY2 stream, written in lines of 76 characters as it goes.</summary>
        internal sealed class Base64Block
        {
            private const int Chunk = 57 * 64; // 57 bytes = one 76-character line
            private readonly TextWriter _text;
            private readonly byte[] _buffer = new byte[Chunk + 64];
            private int _count;
            private bool _first = true;

            public Base64Block(TextWriter text) => _text = text;

            public void Write(byte[] bytes, int offset, int count)
            {
                while (count > 0)
                {
                    var n = Math.Min(count, Chunk - _count);
                    Buffer.BlockCopy(bytes, offset, _buffer, _count, n);
                    _count += n;
                    offset += n;
                    count -= n;
                    if (_count == Chunk) Emit(Chunk);
                }
            }

            public void WriteByte(byte b)
            {
                _buffer[_count++] = b;
                if (_count == Chunk) Emit(Chunk);
            }

            public void Flush()
            {
                if (_count > 0) Emit(_count);
            }

            private void Emit(int n)
            {
                for (var at = 0; at < n; at += 57)
                {
                    if (!_first) _text.Write('\n');
                    _first = false;
                    _text.Write(System.Convert.ToBase64String(_buffer, at, Math.Min(57, n - at)));
                }
                _count = 0;
            }
        }

        /// <summary>One cell ready to write: null, the text of a char cell, or the converted elements of a numeric one.</summary>
        internal readonly struct CellValue
        {
            private readonly ColumnEncoder _column;
            private readonly string? _chars;
            private readonly List<object>? _items;

            public CellValue(ColumnEncoder column, string? chars, List<object>? items)
            {
                _column = column;
                _chars = chars;
                _items = items;
            }

            public bool IsNull => _chars is null && _items is null;
            public string? Text() => IsNull ? null : _chars ?? _column.NumbersText(_items!);
            public void WriteBinary(Base64Block to) => _column.WriteBinary(_chars, _items, to);
        }

        /// <summary>How one column's values become text and bytes: its primitive, its shape (fixed or variable count).</summary>
        internal sealed class ColumnEncoder
        {
            private readonly string _prim;
            private readonly int _fixed;      // elements of a fixed-size cell; 0 when the count is variable
            private readonly int _width;      // first dimension of a 2-D char ("8x*"): each string padded to it
            private readonly int _lead = 1;   // a variable array's fixed leading dimensions ("2x*": 2): its count prefix counts these units
            private readonly bool _scalar;

            public ColumnEncoder(VOTableColumn column)
            {
                Column = column;
                Datatype = column.Datatype;
                _prim = column.Datatype;
                if (Array.IndexOf(Primitives, _prim) < 0)
                    throw new CadcException(ErrorIds.InvalidTableValue, CadcErrorKind.InvalidArgument,
                        $"Column {column.Name}: '{column.Datatype}' is not a VOTable datatype.", column.Name);
                ArraySizeText = column.ArraySize;
                var size = column.ArraySize?.Trim();
                if (string.IsNullOrEmpty(size) || size == "1") { _scalar = true; _fixed = 1; ArraySizeText = null; }
                else
                {
                    var dims = size!.Split('x');
                    var product = 1;
                    var variable = false;
                    for (var d = 0; d < dims.Length; d++)
                    {
                        var dim = dims[d];
                        if (dim.EndsWith("*", StringComparison.Ordinal)) { variable = true; dim = dim.TrimEnd('*'); if (d < dims.Length - 1) throw BadSize(column); if (dim.Length == 0) continue; }
                        if (!int.TryParse(dim, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0) throw BadSize(column);
                        if (d == 0) _width = n;
                        if (!(variable && d == dims.Length - 1)) product = checked(product * n);
                    }
                    // A bounded variable size ("12*") is written as a variable count; the reader takes either.
                    _fixed = variable ? 0 : product;
                    if (variable) _lead = product;
                    if (!(IsChar && dims.Length > 1)) _width = 0;
                    if (variable && dims.Length == 1) ArraySizeText = "*";
                }
            }

            private static readonly char[] Whitespace = { ' ', '\t', '\n', '\r' };

            private static readonly string[] Primitives =
                { "boolean", "bit", "unsignedByte", "short", "int", "long", "char", "unicodeChar", "float", "double", "floatComplex", "doubleComplex" };

            public VOTableColumn Column { get; }
            public string Datatype { get; }
            public string? ArraySizeText { get; }
            private bool IsChar => _prim == "char" || _prim == "unicodeChar";

            private static CadcException BadSize(VOTableColumn c)
                => new CadcException(ErrorIds.InvalidTableValue, CadcErrorKind.InvalidArgument, $"Column {c.Name}: '{c.ArraySize}' is not a VOTable arraysize.", c.Name);

            /// <summary>The cell of <paramref name="value"/>, converted now, so an error names its row before anything of the row is written.</summary>
            public CellValue Encode(object? value)
            {
                value = VOTableColumn.Convert(Column, value);
                if (value is null) return new CellValue(this, null, null);
                return IsChar ? new CellValue(this, CharText(value), null) : new CellValue(this, null, Numbers(value));
            }

            public string NumbersText(List<object> items)
            {
                if (items.Count == 1) return NumberText(items[0]);
                var sb = new StringBuilder();
                foreach (var item in items)
                {
                    if (sb.Length > 0) sb.Append(' ');
                    sb.Append(NumberText(item));
                }
                return sb.ToString();
            }

            private string CharText(object value)
            {
                if (_width > 0 && value is IEnumerable list && !(value is string))
                {
                    // 2-D char: the strings padded to the first dimension, one after the other.
                    var sb = new StringBuilder();
                    foreach (var item in list) sb.Append((CellText.Format(item) + new string(' ', _width)).Substring(0, _width));
                    return sb.ToString();
                }
                switch (value)
                {
                    case DateTime t: return Timestamp(t);
                    case DateTimeOffset o: return Timestamp(o.UtcDateTime);
                    // A shape as text in the form its xtype reads: DALI numbers (point, circle, polygon), DALI shape
                    // text with its kind (shape), or STC-S for TAP 1.0's adql:POINT/adql:REGION and anything else.
                    case SkyPoint _: case SkyCircle _: case SkyPolygon _:
                        switch (Column.XType?.ToLowerInvariant())
                        {
                            case "point": case "circle": case "polygon": return value.ToString()!;
                            case "shape": case "multishape": return Dali.ShapeText(value)!;
                            default: return Dali.StcsText(value)!;
                        }
                    case object[] shapes when Column.XType == "multishape":
                        var sb = new StringBuilder();
                        foreach (var s in shapes)
                        {
                            if (sb.Length > 0) sb.Append(' ');
                            sb.Append(Dali.ShapeText(s) ?? CellText.Format(s));
                        }
                        return sb.ToString();
                    default: return CellText.Format(value);
                }
            }

            private static string Timestamp(DateTime t)
            {
                var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;
                return utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            }

            private string NumberText(object item)
            {
                switch (_prim)
                {
                    case "boolean": return System.Convert.ToBoolean(item, CultureInfo.InvariantCulture) ? "T" : "F";
                    case "bit": return System.Convert.ToBoolean(item, CultureInfo.InvariantCulture) ? "1" : "0";
                    case "float": return System.Convert.ToSingle(item, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
                    case "double": return System.Convert.ToDouble(item, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
                    case "floatComplex": case "doubleComplex":
                        var c = (Complex)item;
                        return c.Real.ToString("R", CultureInfo.InvariantCulture) + " " + c.Imaginary.ToString("R", CultureInfo.InvariantCulture);
                    default: return System.Convert.ToInt64(item, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                }
            }

            /// <summary>The elements of a numeric cell as the column's element type, checked against its fixed count.</summary>
            private List<object> Numbers(object value)
            {
                var items = new List<object>();
                switch (value)
                {
                    case SkyPoint p: items.Add(p.Ra); items.Add(p.Dec); break;
                    case SkyCircle c: items.Add(c.Ra); items.Add(c.Dec); items.Add(c.Radius); break;
                    case SkyPolygon g: foreach (var v in g.Vertices) { items.Add(v.Ra); items.Add(v.Dec); } break;
                    case Interval i: items.Add(i.Lower); items.Add(i.Upper); break;
                    case Interval[] list: foreach (var i in list) { items.Add(i.Lower); items.Add(i.Upper); } break;
                    case string s when !_scalar:
                        foreach (var part in s.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries)) items.Add(Element(part));
                        break;
                    case IEnumerable e when !(value is string):
                        foreach (var item in e) items.Add(Element(item));
                        break;
                    default: items.Add(Element(value)); break;
                }
                if (_scalar && items.Count != 1 || _fixed > 1 && items.Count != _fixed)
                    throw new FormatException($"{items.Count} values where the column holds {_fixed}");
                if (_fixed == 0 && items.Count % _lead != 0)
                    throw new FormatException($"{items.Count} values where the column holds a multiple of {_lead}");
                return items;
            }

            // One element converted to the column's primitive (so a bad one fails here, typed by the caller).
            private object Element(object? item)
            {
                if (item is null) throw new FormatException("an empty element");
                if (item is string s)
                {
                    s = s.Trim();
                    switch (_prim)
                    {
                        case "boolean": case "bit":
                            if (s == "T" || s == "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
                            if (s == "F" || s == "0" || s.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
                            throw new FormatException("not a boolean");
                        case "float": case "double": case "floatComplex": case "doubleComplex":
                            item = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
                            break;
                        default:
                            item = long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                            break;
                    }
                }
                switch (_prim)
                {
                    case "boolean": case "bit": return System.Convert.ToBoolean(item, CultureInfo.InvariantCulture);
                    case "float": return System.Convert.ToSingle(item, CultureInfo.InvariantCulture);
                    case "double": return System.Convert.ToDouble(item, CultureInfo.InvariantCulture);
                    case "floatComplex": case "doubleComplex": return item is Complex c ? c : new Complex(System.Convert.ToDouble(item, CultureInfo.InvariantCulture), 0);
                    case "unsignedByte": return System.Convert.ToByte(item, CultureInfo.InvariantCulture);
                    case "short": return System.Convert.ToInt16(item, CultureInfo.InvariantCulture);
                    case "int": return System.Convert.ToInt32(item, CultureInfo.InvariantCulture);
                    default: return System.Convert.ToInt64(item, CultureInfo.InvariantCulture);
                }
            }

            public void WriteBinary(string? chars, List<object>? numbers, Base64Block to)
            {
                if (IsChar) { WriteChars(chars, to); return; }
                var items = numbers ?? NoItems;
                var count = _fixed > 0 ? _fixed : items.Count;
                if (_fixed == 0) WriteInt32(count / _lead, to);
                if (_prim == "bit")
                {
                    var bytes = new byte[(count + 7) / 8];
                    for (var i = 0; i < items.Count; i++)
                        if ((bool)items[i]) bytes[i / 8] |= (byte)(0x80 >> (i % 8));
                    to.Write(bytes, 0, bytes.Length);
                    return;
                }
                for (var i = 0; i < count; i++) WriteElement(i < items.Count ? items[i] : null, to);
            }

            private static readonly List<object> NoItems = new List<object>();

            private void WriteElement(object? item, Base64Block to)
            {
                switch (_prim)
                {
                    // A null cell's bytes are still written (the null flag says to ignore them): NaN for floats, 0 otherwise.
                    case "boolean": to.WriteByte(item is null ? (byte)'?' : (bool)item ? (byte)'T' : (byte)'F'); break;
                    case "unsignedByte": to.WriteByte(item is null ? (byte)0 : (byte)item); break;
                    case "short": WriteBig(BitConverter.GetBytes(item is null ? (short)0 : (short)item), to); break;
                    case "int": WriteInt32(item is null ? 0 : (int)item, to); break;
                    case "long": WriteBig(BitConverter.GetBytes(item is null ? 0L : (long)item), to); break;
                    case "float": WriteBig(BitConverter.GetBytes(item is null ? float.NaN : (float)item), to); break;
                    case "double": WriteBig(BitConverter.GetBytes(item is null ? double.NaN : (double)item), to); break;
                    case "floatComplex":
                        var fc = item is null ? new Complex(double.NaN, double.NaN) : (Complex)item;
                        WriteBig(BitConverter.GetBytes((float)fc.Real), to);
                        WriteBig(BitConverter.GetBytes((float)fc.Imaginary), to);
                        break;
                    case "doubleComplex":
                        var dc = item is null ? new Complex(double.NaN, double.NaN) : (Complex)item;
                        WriteBig(BitConverter.GetBytes(dc.Real), to);
                        WriteBig(BitConverter.GetBytes(dc.Imaginary), to);
                        break;
                }
            }

            private void WriteChars(string? text, Base64Block to)
            {
                text ??= "";
                byte[] bytes;
                if (_prim == "unicodeChar")
                {
                    // UCS-2: big-endian UTF-16 code units, two bytes a character.
                    bytes = Encoding.BigEndianUnicode.GetBytes(text);
                }
                else bytes = Encoding.UTF8.GetBytes(text);
                var unit = _prim == "unicodeChar" ? 2 : 1;
                if (_fixed > 0)
                {
                    var fixedBytes = new byte[_fixed * unit];
                    Buffer.BlockCopy(bytes, 0, fixedBytes, 0, Math.Min(bytes.Length, fixedBytes.Length));
                    to.Write(fixedBytes, 0, fixedBytes.Length);
                    return;
                }
                WriteInt32(bytes.Length / unit / _lead, to);
                to.Write(bytes, 0, bytes.Length);
            }

            private static void WriteInt32(int value, Base64Block to) => WriteBig(BitConverter.GetBytes(value), to);

            private static void WriteBig(byte[] bytes, Base64Block to)
            {
                if (BitConverter.IsLittleEndian) Array.Reverse(bytes);
                to.Write(bytes, 0, bytes.Length);
            }
        }
    }
}
