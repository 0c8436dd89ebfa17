using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Cadc.Core.VOTable
{
    /// <summary>How one FIELD's values are decoded, from TABLEDATA text and from BINARY bytes. Built once per field.</summary>
    internal sealed class FieldCodec
    {
        private enum Prim { Boolean, Bit, UByte, Short, Int, Long, Char, UnicodeChar, Float, Double, FloatComplex, DoubleComplex }

        private readonly Prim _prim;
        private readonly int _size;           // bytes per element
        private readonly bool _variable;      // BINARY: element count prefix
        private readonly int _fixedCount;     // elements when not variable
        private readonly bool _isArray;       // non-char: array value; char: always a string (or string[])
        private readonly int _charChunk;      // 2-D char: width of one string, else 0
        private readonly string? _xtype;      // normalised: timestamp, interval, point, circle, polygon, stcs
        private readonly string? _nullText;
        private readonly long? _nullInteger;
        public readonly string Name;

        public Type ValueType { get; }

        public FieldCodec(string name, string datatype, string? arraysize, string? xtype, string? nullValue)
        {
            Name = name;
            _prim = datatype switch
            {
                "boolean" => Prim.Boolean, "bit" => Prim.Bit, "unsignedByte" => Prim.UByte, "short" => Prim.Short,
                "int" => Prim.Int, "long" => Prim.Long, "char" => Prim.Char, "unicodeChar" => Prim.UnicodeChar,
                "float" => Prim.Float, "double" => Prim.Double, "floatComplex" => Prim.FloatComplex, "doubleComplex" => Prim.DoubleComplex,
                _ => throw new VOTableFormatException($"FIELD '{name}' has an unknown datatype '{datatype}'."),
            };
            _size = _prim switch
            {
                Prim.Boolean => 1, Prim.Bit => 1, Prim.UByte => 1, Prim.Char => 1, Prim.Short => 2, Prim.UnicodeChar => 2,
                Prim.Int => 4, Prim.Float => 4, Prim.Long => 8, Prim.Double => 8, Prim.FloatComplex => 8, _ => 16,
            };
            var isChar = _prim == Prim.Char || _prim == Prim.UnicodeChar;
            var size = (arraysize ?? "").Trim();
            if (size.Length == 0) { _fixedCount = 1; _isArray = false; }
            else
            {
                var dims = size.Split('x');
                var total = 1;
                for (var i = 0; i < dims.Length; i++)
                {
                    var d = dims[i];
                    if (d.EndsWith("*", StringComparison.Ordinal))
                    {
                        if (i != dims.Length - 1) throw new VOTableFormatException($"FIELD '{name}': arraysize '{arraysize}' has '*' before the last dimension.");
                        _variable = true;
                        d = d.Substring(0, d.Length - 1);
                        if (d.Length == 0) continue;
                    }
                    if (!int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                        throw new VOTableFormatException($"FIELD '{name}': arraysize '{arraysize}' is not valid.");
                    if (!(_variable && i == dims.Length - 1)) total *= n;
                }
                _fixedCount = total;
                _isArray = !isChar && !(size == "1");
                if (isChar && dims.Length > 1)
                    _charChunk = int.Parse(dims[0].TrimEnd('*'), CultureInfo.InvariantCulture);
            }
            var x = (xtype ?? "").Trim().ToLowerInvariant();
            if (x.StartsWith("adql:", StringComparison.Ordinal)) x = x.Substring(5);
            if (isChar)
            {
                if (x == "timestamp") _xtype = "timestamp";
                else if (x == "point" || x == "circle" || x == "polygon" || x == "region" || x == "shape") _xtype = "stcs";
            }
            else if ((_prim == Prim.Double || _prim == Prim.Float) && (x == "interval" || x == "point" || x == "circle" || x == "polygon"))
                _xtype = x;
            _nullText = nullValue;
            if (nullValue != null && (_prim == Prim.UByte || _prim == Prim.Short || _prim == Prim.Int || _prim == Prim.Long))
                _nullInteger = ParseInteger(nullValue.Trim(), name);
            ValueType = ComputeValueType(isChar);
        }

        private Type ComputeValueType(bool isChar)
        {
            if (isChar)
            {
                if (_xtype == "timestamp") return typeof(DateTime);
                if (_xtype == "stcs") return typeof(object);
                return _charChunk > 0 ? typeof(string[]) : typeof(string);
            }
            switch (_xtype)
            {
                case "interval": return typeof(Interval);
                case "point": return typeof(SkyPoint);
                case "circle": return typeof(SkyCircle);
                case "polygon": return typeof(SkyPolygon);
            }
            var element = _prim switch
            {
                Prim.Boolean => typeof(bool), Prim.Bit => typeof(bool), Prim.UByte => typeof(byte), Prim.Short => typeof(short),
                Prim.Int => typeof(int), Prim.Long => typeof(long), Prim.Float => typeof(float), Prim.Double => typeof(double),
                _ => typeof(Complex),
            };
            return _isArray ? element.MakeArrayType() : element;
        }

        // ---------------------------------------------------------------- TABLEDATA

        public object? FromText(string text)
        {
            if (_prim == Prim.Char || _prim == Prim.UnicodeChar)
            {
                if (text.Length == 0) return null;
                if (_nullText != null && text == _nullText) return null;
                return CharValue(text);
            }
            var t = text.Trim();
            if (t.Length == 0) return null;
            if (_nullText != null && t == _nullText.Trim()) return null;
            if (!_isArray) return Scalar(t);
            var parts = t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (_prim == Prim.FloatComplex || _prim == Prim.DoubleComplex)
            {
                // complex arrays are written as flat pairs
                if (parts.Length % 2 != 0) throw new VOTableFormatException($"'{t}' is not a list of complex numbers (FIELD '{Name}').");
                var c = new Complex[parts.Length / 2];
                for (var i = 0; i < c.Length; i++) c[i] = new Complex(ParseReal(parts[2 * i]), ParseReal(parts[2 * i + 1]));
                return c;
            }
            return ArrayValue(parts.Length, i => Scalar(parts[i]));
        }

        private object? Scalar(string t)
        {
            switch (_prim)
            {
                case Prim.Boolean:
                case Prim.Bit: return Bool(t);
                case Prim.UByte: return checked((byte)ParseInteger(t, Name));
                case Prim.Short: return checked((short)ParseInteger(t, Name));
                case Prim.Int: return checked((int)ParseInteger(t, Name));
                case Prim.Long: return ParseInteger(t, Name);
                case Prim.Float: return (float)ParseReal(t);
                case Prim.Double: return ParseReal(t);
                default:
                    var parts = t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length != 2) throw new VOTableFormatException($"'{t}' is not a complex number (FIELD '{Name}').");
                    return new Complex(ParseReal(parts[0]), ParseReal(parts[1]));
            }
        }

        private object? ArrayValue(int count, Func<int, object?> element)
        {
            switch (_prim)
            {
                case Prim.Boolean:
                case Prim.Bit: { var a = new bool[count]; for (var i = 0; i < count; i++) a[i] = element(i) is bool b && b; return a; }
                case Prim.UByte: { var a = new byte[count]; for (var i = 0; i < count; i++) a[i] = (byte)element(i); return a; }
                case Prim.Short: { var a = new short[count]; for (var i = 0; i < count; i++) a[i] = (short)element(i); return a; }
                case Prim.Int: { var a = new int[count]; for (var i = 0; i < count; i++) a[i] = (int)element(i); return a; }
                case Prim.Long: { var a = new long[count]; for (var i = 0; i < count; i++) a[i] = (long)element(i); return a; }
                case Prim.Float:
                {
                    var a = new float[count]; for (var i = 0; i < count; i++) a[i] = (float)element(i);
                    return _xtype != null ? Dali.FromDoubles(_xtype, Array.ConvertAll(a, f => (double)f)) : a;
                }
                default:
                {
                    var a = new double[count]; for (var i = 0; i < count; i++) a[i] = (double)element(i);
                    return _xtype != null ? Dali.FromDoubles(_xtype, a) : a;
                }
            }
        }

        private object? CharValue(string text)
        {
            if (_charChunk > 0)
            {
                var list = new List<string>();
                for (var i = 0; i < text.Length; i += _charChunk)
                    list.Add(text.Substring(i, Math.Min(_charChunk, text.Length - i)).TrimEnd(' ', '\0'));
                return list.ToArray();
            }
            if (_xtype == "timestamp") return Timestamp(text);
            if (_xtype == "stcs") return Dali.FromStcs(text);
            return text;
        }

        private static object Timestamp(string text)
        {
            var t = text.Trim();
            if (DateTime.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
                return DateTime.SpecifyKind(d, DateTimeKind.Utc);
            return text;
        }

        private static bool? Bool(string t)
        {
            switch (t)
            {
                case "T": case "t": case "1": case "true": case "TRUE": case "True": return true;
                case "F": case "f": case "0": case "false": case "FALSE": case "False": return false;
                default: return null;
            }
        }

        private static long ParseInteger(string t, string field)
        {
            if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                if (long.TryParse(t.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)) return h;
            }
            else if (long.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var v)) return v;
            throw new VOTableFormatException($"'{t}' is not an integer (FIELD '{field}').");
        }

        private double ParseReal(string t)
        {
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            switch (t.ToLowerInvariant())
            {
                case "nan": return double.NaN;
                case "inf": case "+inf": case "infinity": case "+infinity": return double.PositiveInfinity;
                case "-inf": case "-infinity": return double.NegativeInfinity;
            }
            throw new VOTableFormatException($"'{t}' is not a number (FIELD '{Name}').");
        }

        // ---------------------------------------------------------------- BINARY / BINARY2

        /// <summary>Reads this field's bytes from <paramref name="src"/>; <paramref name="isNull"/> (BINARY2 flag) discards the value.</summary>
        public object? FromBinary(BinarySource src, bool isNull)
        {
            int count;
            if (_variable)
            {
                src.Need(4);
                count = src.Int32();
                if (count < 0) throw new VOTableFormatException($"Negative array length {count} (FIELD '{Name}').");
                // For "AxB*" the prefix counts elements, not rows of the last dimension.
            }
            else count = _fixedCount;
            var bytes = _prim == Prim.Bit ? (count + 7) / 8 : checked(count * _size);
            src.Need(bytes);
            if (isNull) { src.Skip(bytes); return null; }
            if (_prim == Prim.Char || _prim == Prim.UnicodeChar)
            {
                var s = _prim == Prim.Char ? src.Latin1(bytes) : src.Ucs2(bytes);
                var end = s.Length;
                while (end > 0 && s[end - 1] == '\0') end--;
                if (end != s.Length) s = s.Substring(0, end);
                if (s.Length == 0) return null;
                if (_nullText != null && s == _nullText) return null;
                return CharValue(s);
            }
            if (_isArray && _variable && count == 0) return null;
            if (!_isArray) return BinaryScalar(src);
            switch (_prim)
            {
                case Prim.Bit:
                {
                    var a = new bool[count];
                    var raw = src.Take(bytes);
                    for (var i = 0; i < count; i++) a[i] = (raw[i / 8] & (0x80 >> (i % 8))) != 0;
                    return a;
                }
                case Prim.Boolean: { var a = new bool[count]; for (var i = 0; i < count; i++) a[i] = Bool(((char)src.Byte()).ToString()) == true; return a; }
                case Prim.UByte: return src.Take(bytes);
                case Prim.Short: { var a = new short[count]; for (var i = 0; i < count; i++) a[i] = src.Int16(); return a; }
                case Prim.Int: { var a = new int[count]; for (var i = 0; i < count; i++) a[i] = src.Int32(); return a; }
                case Prim.Long: { var a = new long[count]; for (var i = 0; i < count; i++) a[i] = src.Int64(); return a; }
                case Prim.Float:
                {
                    var a = new float[count]; for (var i = 0; i < count; i++) a[i] = src.Single();
                    return _xtype != null ? Dali.FromDoubles(_xtype, Array.ConvertAll(a, f => (double)f)) : a;
                }
                case Prim.Double:
                {
                    var a = new double[count];
                    var allNaN = true;
                    for (var i = 0; i < count; i++) { a[i] = src.Double(); allNaN &= double.IsNaN(a[i]); }
                    // BINARY has no null for fixed arrays: all-NaN is how writers mark one (astropy reads it as masked)
                    if (allNaN && !_variable) return null;
                    return _xtype != null ? Dali.FromDoubles(_xtype, a) : a;
                }
                case Prim.FloatComplex: { var a = new Complex[count]; for (var i = 0; i < count; i++) a[i] = new Complex(src.Single(), src.Single()); return a; }
                default: { var a = new Complex[count]; for (var i = 0; i < count; i++) a[i] = new Complex(src.Double(), src.Double()); return a; }
            }
        }

        private object? BinaryScalar(BinarySource src)
        {
            switch (_prim)
            {
                case Prim.Boolean: return Bool(((char)src.Byte()).ToString());
                case Prim.Bit: return (src.Byte() & 0x80) != 0;
                case Prim.UByte: { var v = src.Byte(); return _nullInteger == v ? null : (object)v; }
                case Prim.Short: { var v = src.Int16(); return _nullInteger == v ? null : (object)v; }
                case Prim.Int: { var v = src.Int32(); return _nullInteger == v ? null : (object)v; }
                case Prim.Long: { var v = src.Int64(); return _nullInteger == v ? null : (object)v; }
                case Prim.Float: return src.Single();
                case Prim.Double: return src.Double();
                case Prim.FloatComplex: return new Complex(src.Single(), src.Single());
                default: return new Complex(src.Double(), src.Double());
            }
        }

    }
}
