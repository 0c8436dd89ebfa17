using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using Cadc.Core.VOTable;
using Cadc.Core.Geometry;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>A column of a generated test table.</summary>
    internal sealed record TestColumn(string Name, string Datatype, string? ArraySize = null, string? XType = null, string? Null = null);

    /// <summary>A cell whose written form differs from the value read back (STC-S text read as a shape, ...).</summary>
    internal sealed record Written(object? Raw, object? Expected);

    /// <summary>
    /// Writes one table as TABLEDATA, BINARY or BINARY2 (a small independent encoder, for the reader's tests).
    /// Null cells: an empty TD (or the VALUES null text when <see cref="TdNullAsValue"/>); in BINARY the VALUES null for
    /// integers, '?' for booleans, an empty variable array/string, NULs for fixed char, NaN for fixed float arrays;
    /// in BINARY2 the null flag (bytes still written).
    /// </summary>
    internal static class VOTableTestWriter
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public static object? Expected(object? cell) => cell is Written w ? w.Expected : cell;

        public static string Document(IReadOnlyList<TestColumn> cols, IReadOnlyList<object?[]> rows, string encoding, bool tdNullAsValue = false, string trailer = "")
        {
            var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n<TABLE>\n");
            foreach (var c in cols)
            {
                sb.Append($"<FIELD name=\"{c.Name}\" datatype=\"{c.Datatype}\"");
                if (c.ArraySize != null) sb.Append($" arraysize=\"{c.ArraySize}\"");
                if (c.XType != null) sb.Append($" xtype=\"{c.XType}\"");
                sb.Append(c.Null != null ? $"><DESCRIPTION>d</DESCRIPTION><VALUES null=\"{c.Null}\"/></FIELD>\n" : "/>\n");
            }
            sb.Append("<DATA>");
            if (encoding == "TABLEDATA")
            {
                sb.Append("<TABLEDATA>\n");
                foreach (var row in rows)
                {
                    sb.Append("<TR>");
                    for (var i = 0; i < cols.Count; i++)
                    {
                        var raw = row[i] is Written w ? w.Raw : row[i];
                        var text = raw is null ? (tdNullAsValue && cols[i].Null != null ? cols[i].Null! : "") : Text(cols[i], raw);
                        sb.Append("<TD>").Append(System.Security.SecurityElement.Escape(text)).Append("</TD>");
                    }
                    sb.Append("</TR>\n");
                }
                sb.Append("</TABLEDATA>");
            }
            else
            {
                var b64 = Convert.ToBase64String(Binary(cols, rows, encoding == "BINARY2"));
                // line breaks every 76 characters, plus breaks and spaces at odd places
                var wrapped = new StringBuilder();
                for (var i = 0; i < b64.Length; i += 76) wrapped.Append(b64, i, Math.Min(76, b64.Length - i)).Append('\n');
                var text = wrapped.ToString();
                if (text.Length > 40) text = text.Insert(37, "\r\n \t").Insert(13, "\n  ");
                sb.Append('<').Append(encoding).Append("><STREAM encoding=\"base64\">\n").Append(text).Append("</STREAM></").Append(encoding).Append('>');
            }
            sb.Append("</DATA>\n</TABLE>\n").Append(trailer).Append("</RESOURCE>\n</VOTABLE>\n");
            return sb.ToString();
        }

        public static byte[] Binary(IReadOnlyList<TestColumn> cols, IReadOnlyList<object?[]> rows, bool binary2)
        {
            var s = new MemoryStream();
            foreach (var row in rows)
            {
                if (binary2)
                {
                    var flags = new byte[(cols.Count + 7) / 8];
                    for (var i = 0; i < cols.Count; i++) if ((row[i] is Written w ? w.Raw : row[i]) is null) flags[i / 8] |= (byte)(0x80 >> (i % 8));
                    s.Write(flags);
                }
                for (var i = 0; i < cols.Count; i++) Cell(s, cols[i], row[i] is Written w ? w.Raw : row[i]);
            }
            return s.ToArray();
        }

        private static string R(double d) => d.ToString("R", Inv);

        private static string Text(TestColumn c, object v) => v switch
        {
            string[] chunks => ChunkText(c, chunks, ' ').TrimEnd(),
            string str => str,
            bool b => c.Datatype == "bit" ? (b ? "1" : "0") : (b ? "T" : "F"),
            bool[] bits => string.Join(" ", bits.Select(x => c.Datatype == "bit" ? (x ? "1" : "0") : (x ? "T" : "F"))),
            float f => f.ToString("R", Inv),
            double d => R(d),
            DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", Inv),
            Complex z => R(z.Real) + " " + R(z.Imaginary),
            Complex[] zs => string.Join(" ", zs.Select(z => R(z.Real) + " " + R(z.Imaginary))),
            float[] fs => string.Join(" ", fs.Select(x => x.ToString("R", Inv))),
            double[] ds => string.Join(" ", ds.Select(R)),
            Array a => string.Join(" ", a.Cast<IFormattable>().Select(x => x.ToString(null, Inv))),
            IFormattable x => x.ToString(null, Inv),
            _ => v.ToString()!, // Interval, SkyPoint, ...: DALI text
        };

        private static int Width(TestColumn c) => int.Parse(c.ArraySize!.Split('x')[0], Inv);

        private static byte[] Pad(byte[] bytes, int length) => bytes.Length >= length ? bytes : bytes.Concat(new byte[length - bytes.Length]).ToArray();

        private static string ChunkText(TestColumn c, string[] chunks, char pad) => string.Concat(chunks.Select(n => n.PadRight(Width(c), pad)));

        private static void Cell(Stream s, TestColumn c, object? v)
        {
            void Be(byte[] b) { if (BitConverter.IsLittleEndian) Array.Reverse(b); s.Write(b); }
            void Count(int n) => Be(BitConverter.GetBytes(n));
            var size = c.ArraySize;
            var variable = size != null && size.EndsWith("*", StringComparison.Ordinal);
            var dims = size?.Split('x');
            var fixedCount = size is null || variable && dims!.Length == 1 ? 1 : dims!.Where(d => !d.EndsWith("*")).Aggregate(1, (p, d) => p * int.Parse(d, Inv));
            var isArray = size != null && size != "1";
            switch (v)
            {
                case Interval iv: v = new[] { iv.Lower, iv.Upper }; break;
                case SkyPoint sp: v = new[] { sp.Ra, sp.Dec }; break;
                case SkyCircle sc: v = new[] { sc.Ra, sc.Dec, sc.Radius }; break;
                case SkyPolygon pg: v = pg.Vertices.SelectMany(p => new[] { p.Ra, p.Dec }).ToArray(); break;
                case DateTime dt: v = dt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", Inv); break;
            }
            if (c.Datatype == "char" || c.Datatype == "unicodeChar")
            {
                // char as cadc-dali writes it: UTF-8 bytes, the count prefix and the fixed size in bytes;
                // unicodeChar: UCS-2, counted in characters. A byte[] is written as it is (bytes a server sent).
                var wide = c.Datatype == "unicodeChar";
                var encoding = wide ? Encoding.BigEndianUnicode : Encoding.UTF8;
                var unit = wide ? 2 : 1;
                byte[] bytes;
                int items;
                if (v is string[] chunks) { bytes = chunks.SelectMany(n => Pad(encoding.GetBytes(n), Width(c) * unit)).ToArray(); items = chunks.Length; }
                else if (v is byte[] raw) { bytes = raw; items = raw.Length / unit; }
                else { bytes = encoding.GetBytes((string?)v ?? ""); items = bytes.Length / unit; }
                if (variable) Count(items);
                else bytes = Pad(bytes, fixedCount * unit);
                s.Write(bytes);
                return;
            }
            if (v is null)
            {
                // the BINARY null of each type (BINARY2 flags it and the bytes do not matter)
                if (variable) { Count(0); return; }
                switch (c.Datatype)
                {
                    case "boolean": v = isArray ? Enumerable.Repeat('?', fixedCount).ToArray() : (object)'?'; break;
                    case "float": v = isArray ? Enumerable.Repeat(float.NaN, fixedCount).ToArray() : (object)float.NaN; break;
                    case "double": v = isArray ? Enumerable.Repeat(double.NaN, fixedCount).ToArray() : (object)double.NaN; break;
                    case "unsignedByte": v = byte.Parse(c.Null ?? "0", Inv); break;
                    case "short": v = short.Parse(c.Null ?? "0", Inv); break;
                    case "int": v = int.Parse(c.Null ?? "0", Inv); break;
                    case "long": v = long.Parse(c.Null ?? "0", Inv); break;
                    default: throw new InvalidOperationException($"no BINARY null for {c.Datatype} {size}");
                }
            }
            if (c.Datatype == "bit")
            {
                var bits = v is bool b1 ? new[] { b1 } : (bool[])v;
                if (variable) Count(bits.Length);
                var packed = new byte[(bits.Length + 7) / 8];
                for (var i = 0; i < bits.Length; i++) if (bits[i]) packed[i / 8] |= (byte)(0x80 >> (i % 8));
                s.Write(packed);
                return;
            }
            var elements = v is Array arr ? arr.Cast<object>().ToArray() : new[] { v };
            if (variable) Count(elements.Length / Math.Max(1, fixedCount));
            foreach (var e in elements)
            {
                switch (e)
                {
                    case bool b: s.WriteByte((byte)(b ? 'T' : 'F')); break;
                    case char ch: s.WriteByte((byte)ch); break;
                    case byte u: s.WriteByte(u); break;
                    case short sh: Be(BitConverter.GetBytes(sh)); break;
                    case int i: Be(BitConverter.GetBytes(i)); break;
                    case long l: Be(BitConverter.GetBytes(l)); break;
                    case float f: Be(BitConverter.GetBytes(f)); break;
                    case double d: Be(BitConverter.GetBytes(d)); break;
                    case Complex z when c.Datatype == "floatComplex": Be(BitConverter.GetBytes((float)z.Real)); Be(BitConverter.GetBytes((float)z.Imaginary)); break;
                    case Complex z: Be(BitConverter.GetBytes(z.Real)); Be(BitConverter.GetBytes(z.Imaginary)); break;
                    default: throw new InvalidOperationException(e.GetType().Name);
                }
            }
        }

        /// <summary>Deep equality of cell values (arrays element by element, NaN equals NaN).</summary>
        public static bool Same(object? a, object? b)
        {
            if (a is null || b is null) return a is null && b is null;
            if (a.GetType() != b.GetType()) return false;
            if (a is Array x && b is Array y) return x.Length == y.Length && x.Cast<object?>().Zip(y.Cast<object?>(), Same).All(t => t);
            return a.Equals(b);
        }

        public static string Show(object? v) => v is null ? "null" : v is Array a ? v.GetType().Name + "[" + string.Join(",", a.Cast<object>()) + "]" : v + " (" + v.GetType().Name + ")";
    }
}
