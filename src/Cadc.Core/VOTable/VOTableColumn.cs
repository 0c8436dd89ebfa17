using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using Cadc.Core.Geometry;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// A column to write: the FIELD metadata a VOTable carries (name, datatype, arraysize, xtype, unit, UCD, utype,
    /// description). Made from a FIELD read from a service (<see cref="From"/>), so a result goes back out with the
    /// metadata it came with, or inferred from values (<see cref="Infer"/>) for objects that carry none.
    /// </summary>
    public sealed class VOTableColumn
    {
        public VOTableColumn(string name, string datatype, string? arraySize = null, string? xtype = null, string? unit = null,
            string? ucd = null, string? utype = null, string? description = null)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A column needs a name.", nameof(name));
            Name = name;
            Datatype = datatype;
            ArraySize = string.IsNullOrEmpty(arraySize) ? null : arraySize;
            XType = string.IsNullOrEmpty(xtype) ? null : xtype;
            Unit = unit;
            Ucd = ucd;
            Utype = utype;
            Description = description;
        }

        public string Name { get; }
        public string Datatype { get; }
        public string? ArraySize { get; }
        public string? XType { get; }
        public string? Unit { get; }
        public string? Ucd { get; }
        public string? Utype { get; }
        public string? Description { get; }

        /// <summary>The same column under another name (the name a row's property has, e.g. after Select-Object renamed nothing but keys differ).</summary>
        public VOTableColumn Renamed(string name) => new VOTableColumn(name, Datatype, ArraySize, XType, Unit, Ucd, Utype, Description);

        /// <summary>A read FIELD's metadata, under <paramref name="name"/> (default: the field's unique key, which is the row's property name).</summary>
        public static VOTableColumn From(VOTableField field, string? name = null)
            => new VOTableColumn(name ?? field.Key, field.Datatype, field.ArraySize, field.XType, field.Unit, field.Ucd, field.Utype, field.Description);

        /// <summary>
        /// A column for values of CLR types, as Invoke-CadcTap gives them (see <see cref="VOTableField.ValueType"/>) or
        /// as other objects hold them: integers long, other numbers double, bool boolean, DateTime a timestamp, the DALI
        /// shapes double arrays with their xtype, arrays their element type, anything else text. Strings that all read
        /// as numbers, booleans or ISO times (Import-Csv rows) are that type, as CSV uploads are; <see cref="Convert"/>
        /// turns them into it. Nulls and empty strings say nothing; a column of nothing is text.
        /// </summary>
        public static VOTableColumn Infer(string name, IEnumerable<object?> values)
        {
            string? kind = null;
            var nonAscii = false;
            foreach (var raw in values)
            {
                var v = raw is string s ? (s.Length == 0 ? null : TextValue(s)) : raw;
                if (v is null) continue;
                if (raw is string text)
                    foreach (var ch in text)
                        if (ch > 127) { nonAscii = true; break; }
                var k = KindOf(v);
                kind = kind is null ? k : Merge(kind, k);
            }
            switch (kind)
            {
                case null: return new VOTableColumn(name, "char", "*");
                case "boolean": return new VOTableColumn(name, "boolean");
                case "unsignedByte": case "short": case "int": case "long": case "float": case "double": case "doubleComplex":
                    return new VOTableColumn(name, kind);
                case "timestamp": return new VOTableColumn(name, "char", "*", "timestamp");
                case "point": return new VOTableColumn(name, "double", "2", "point");
                case "circle": return new VOTableColumn(name, "double", "3", "circle");
                case "polygon": return new VOTableColumn(name, "double", "*", "polygon");
                case "interval": return new VOTableColumn(name, "double", "2", "interval");
                case "multiinterval": return new VOTableColumn(name, "double", "*", "multiinterval");
                case "shape": return new VOTableColumn(name, "char", "*", "shape");
                default:
                    if (kind.EndsWith("[]", StringComparison.Ordinal)) return new VOTableColumn(name, kind.Substring(0, kind.Length - 2), "*");
                    return new VOTableColumn(name, nonAscii ? "unicodeChar" : "char", "*");
            }
        }

        /// <summary>A value as the type <see cref="Infer"/> chose from text: numbers, booleans and ISO times read from strings.</summary>
        internal static object? Convert(VOTableColumn column, object? value)
        {
            if (!(value is string s)) return value;
            if (s.Length == 0) return null;
            return column.Datatype == "char" || column.Datatype == "unicodeChar" ? (column.XType == "timestamp" ? TextValue(s) : s) : TextValue(s);
        }

        /// <summary>How text in a CSV or an Import-Csv row reads: a long, a double, an ISO time (UTC), a boolean, or the text.</summary>
        public static object? TextValue(string s)
        {
            if (s.Length == 0) return null;
            var t = s.Trim();
            if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            if (LooksLikeIsoTime(t) && DateTime.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                return DateTime.SpecifyKind(time, DateTimeKind.Utc);
            if (t.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            if (t.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            return s;
        }

        // yyyy-MM-dd, optionally [T ]HH:mm[:ss[.fff]][Z]: checked by hand, so no backtracking work on long text.
        private static bool LooksLikeIsoTime(string t)
        {
            if (t.Length < 10 || t.Length > 40) return false;
            for (var i = 0; i < 10; i++)
                if (i == 4 || i == 7 ? t[i] != '-' : !char.IsDigit(t[i])) return false;
            return t.Length == 10 || t[10] == 'T' || t[10] == ' ';
        }

        private static string KindOf(object v)
        {
            switch (v)
            {
                case bool _: return "boolean";
                case byte _: return "unsignedByte";
                case short _: case sbyte _: return "short";
                case int _: case ushort _: return "int";
                case long _: case uint _: return "long";
                case float _: return "float";
                case double _: case decimal _: case ulong _: return "double";
                case Complex _: return "doubleComplex";
                case DateTime _: case DateTimeOffset _: return "timestamp";
                case SkyPoint _: return "point";
                case SkyCircle _: return "circle";
                case SkyPolygon _: return "polygon";
                case Interval _: return "interval";
                case Interval[] _: return "multiinterval";
                case string _: return "char";
                case bool[] _: return "boolean[]";
                case byte[] _: return "unsignedByte[]";
                case short[] _: return "short[]";
                case int[] _: return "int[]";
                case long[] _: return "long[]";
                case float[] _: return "float[]";
                case double[] _: return "double[]";
                case Complex[] _: return "doubleComplex[]";
                case object[] items when Array.TrueForAll(items, i => i is SkyPoint || i is SkyCircle || i is SkyPolygon): return "char";
                case IEnumerable _: return "char";
                default: return "char";
            }
        }

        private static readonly string[] NumberOrder = { "unsignedByte", "short", "int", "long", "float", "double" };

        // Two kinds in one column: the wider number, or text for anything else that differs.
        private static string Merge(string a, string b)
        {
            if (a == b) return a;
            var i = Array.IndexOf(NumberOrder, a);
            var j = Array.IndexOf(NumberOrder, b);
            if (i >= 0 && j >= 0)
            {
                var wide = NumberOrder[Math.Max(i, j)];
                // a float and a long: only double holds both
                return wide == "float" && Math.Min(i, j) >= 2 ? "double" : wide;
            }
            var shapes = new[] { "point", "circle", "polygon", "shape" };
            if (Array.IndexOf(shapes, a) >= 0 && Array.IndexOf(shapes, b) >= 0) return "shape";
            return "char";
        }
    }
}
