using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using Cadc.Core.Geometry;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// How one FIELD's values are decoded, from TABLEDATA text and from BINARY/BINARY2 bytes. Built once per
    /// field from its datatype, arraysize, xtype and VALUES/@null; <see cref="ValueType"/> is the CLR type of
    /// the non-null values it produces.
    /// </summary>
    internal sealed class FieldCodec
    {
        private enum Prim { Boolean, Bit, UByte, Short, Int, Long, Char, UnicodeChar, Float, Double, FloatComplex, DoubleComplex }

        private static readonly char[] Whitespace = { ' ', '\t', '\n', '\r' };

        private static readonly string[] TimestampFormats =
        {
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK",
        };

        /// <summary>
        /// An xtype decoded into an object of one CLR type, chosen once from the FIELD (datatype, arraysize, xtype) and
        /// the same for every row: how it is read from the text of a char field or from the numbers of a float/double
        /// array field. Either gives null for a value that is not of this xtype, which the codec reports as a format error.
        /// </summary>
        private sealed class XType
        {
            public XType(string name, Type valueType, Func<string, object?>? fromText, Func<double[], object?>? fromNumbers)
            {
                Name = name;
                ValueType = valueType;
                FromText = fromText;
                FromNumbers = fromNumbers;
            }

            public string Name { get; }
            public Type ValueType { get; }
            public Func<string, object?>? FromText { get; }
            public Func<double[], object?>? FromNumbers { get; }
        }

        private static readonly XType TimestampText = new XType("timestamp", typeof(DateTime), Timestamp, null);
        private static readonly XType PointText = new XType("point", typeof(SkyPoint), t => Dali.Parse(t, "point"), null);
        private static readonly XType CircleText = new XType("circle", typeof(SkyCircle), t => Dali.Parse(t, "circle"), null);
        private static readonly XType PolygonText = new XType("polygon", typeof(SkyPolygon), t => Dali.Parse(t, "polygon"), null);
        private static readonly XType PointNumbers = new XType("point", typeof(SkyPoint), null, v => Dali.FromDoubles("point", v));
        private static readonly XType CircleNumbers = new XType("circle", typeof(SkyCircle), null, v => Dali.FromDoubles("circle", v));
        private static readonly XType PolygonNumbers = new XType("polygon", typeof(SkyPolygon), null, v => Dali.FromDoubles("polygon", v));
        private static readonly XType IntervalNumbers = new XType("interval", typeof(Interval), null, v => Dali.FromDoubles("interval", v));
        private static readonly XType IntervalArray = new XType("interval", typeof(Interval[]), null, Dali.Intervals);
        private static readonly XType MultiIntervalArray = new XType("multiinterval", typeof(Interval[]), null, Dali.Intervals);
        // SkyPoint, SkyCircle or SkyPolygon, as the text says; a shape CadcPS does not know (Box, range...) stays text
        private static readonly XType ShapeText = new XType("shape", typeof(object), t => Dali.FromText(t), null);
        // DALI multishape ("polygon ... circle ..."), CAOM's position_bounds_samples: one shape object (or text) each
        private static readonly XType MultiShapeText = new XType("multishape", typeof(object[]), t => Dali.MultiShape(t), null);

        /// <summary>
        /// The xtype decoding of a field, or null when the xtype does not apply to this datatype and arraysize (the
        /// values are then plain text or numbers, in every row). <paramref name="xtype"/>: lower case, without "adql:"
        /// (TAP 1.0 sends adql:TIMESTAMP, adql:POINT, adql:REGION as text). A new xtype is one case here.
        /// </summary>
        /// <param name="text">A 1-D char field.</param>
        /// <param name="numbers">A float or double array field.</param>
        /// <param name="dims">Its dimensions; <paramref name="first"/> the first one (0 when variable), <paramref name="count"/> the fixed element count.</param>
        private static XType? XTypeOf(string xtype, bool text, bool numbers, int dims, int first, bool variable, int count)
        {
            var list = dims == 1 && variable;    // "*", "12*": as many as the row has
            switch (xtype)
            {
                case "timestamp": return text ? TimestampText : null;
                case "point": return text ? PointText : numbers && dims == 1 && (variable || count == 2) ? PointNumbers : null;
                case "circle": return text ? CircleText : numbers && dims == 1 && (variable || count == 3) ? CircleNumbers : null;
                case "polygon": return text ? PolygonText : numbers && dims == 1 && (variable || count >= 6 && count % 2 == 0) ? PolygonNumbers : null;
                case "interval":
                    // double[2]: one interval. CADC's argus 2019 (arraysize "2x*") and pgsphere's variable intervals: an array of them.
                    if (!numbers) return null;
                    if (dims == 1 && !variable && count == 2) return IntervalNumbers;
                    return list || dims == 2 && first == 2 ? IntervalArray : null;
                case "multiinterval": return numbers && (dims == 1 && (variable || count % 2 == 0) || dims == 2 && first == 2) ? MultiIntervalArray : null;
                case "region": case "shape": return text ? ShapeText : null;
                case "multishape": return text ? MultiShapeText : null;
                default: return null;
            }
        }

        private readonly Prim _prim;
        private readonly int _size;           // bytes per element
        private readonly bool _isChar;
        private readonly bool _variable;      // BINARY: count prefix (number of items of the last dimension)
        private readonly int _fixedCount;     // elements when not variable; elements per counted item when variable
        private readonly bool _isArray;       // non-char with arraysize other than 1: a typed array (or an xtype object)
        private readonly int _charChunk;      // 2-D char: width of one string, else 0
        private readonly XType? _xtype;       // only when it applies: to a char field's text or a float/double array's numbers
        private readonly string? _nullText;
        private readonly byte[]? _nullBytes;    // _nullText in UTF-8, to compare TABLEDATA bytes with
        private readonly long? _nullInteger;
        private readonly double? _nullReal;
        public readonly string Name;

        public Type ValueType { get; }

        public FieldCodec(string name, string datatype, string? arraysize, string? xtype, string? nullValue)
        {
            Name = name;
            _prim = datatype.Trim() switch
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
            _isChar = _prim == Prim.Char || _prim == Prim.UnicodeChar;
            var size = (arraysize ?? "").Trim();
            _fixedCount = 1;
            int dimCount = 1, firstDim = 1;
            if (size.Length > 0)
            {
                var dims = size.Split('x');
                var total = 1;
                for (var i = 0; i < dims.Length; i++)
                {
                    var d = dims[i].Trim();
                    if (d.EndsWith("*", StringComparison.Ordinal))
                    {
                        if (i != dims.Length - 1) throw new VOTableFormatException($"FIELD '{name}': arraysize '{arraysize}' has '*' before the last dimension.");
                        _variable = true;
                        continue; // "N*" is a maximum: the data says how many
                    }
                    if (!int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                        throw new VOTableFormatException($"FIELD '{name}': arraysize '{arraysize}' is not valid.");
                    total = checked(total * n);
                }
                _fixedCount = total;
                _isArray = !_isChar && size != "1";
                if (_isChar && dims.Length > 1)
                    int.TryParse(dims[0].Trim().TrimEnd('*'), NumberStyles.None, CultureInfo.InvariantCulture, out _charChunk);
                dimCount = dims.Length;
                int.TryParse(dims[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out firstDim);
            }
            var x = (xtype ?? "").Trim().ToLowerInvariant();
            if (x.StartsWith("adql:", StringComparison.Ordinal)) x = x.Substring(5);
            _xtype = XTypeOf(x, _isChar && _charChunk == 0, (_prim == Prim.Double || _prim == Prim.Float) && _isArray, dimCount, firstDim, _variable, _fixedCount);
            _nullText = nullValue;
            _nullBytes = nullValue is null ? null : System.Text.Encoding.UTF8.GetBytes(nullValue);
            if (nullValue != null && nullValue.Trim().Length > 0)
            {
                if (_prim == Prim.UByte || _prim == Prim.Short || _prim == Prim.Int || _prim == Prim.Long)
                {
                    if (TryParseInteger(nullValue.Trim(), out var v)) _nullInteger = v;
                }
                else if (_prim == Prim.Float || _prim == Prim.Double)
                {
                    if (TryParseReal(nullValue.Trim(), out var d) && !double.IsNaN(d)) _nullReal = d;
                }
            }
            ValueType = ComputeValueType();
        }

        private Type ComputeValueType()
        {
            if (_xtype != null) return _xtype.ValueType;
            if (_isChar) return _charChunk > 0 ? typeof(string[]) : typeof(string);
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
            if (_isChar)
            {
                if (text.Length == 0) return null;
                if (_nullText != null && text == _nullText) return null;
                return CharValue(text);
            }
            var t = text.Length > 0 && (IsSpace(text[0]) || IsSpace(text[text.Length - 1])) ? text.Trim() : text;
            if (t.Length == 0) return null;
            if (_nullText != null && t == _nullText) return null;
            if (!_isArray) return Scalar(t);
            return ArrayFromText(t);
        }

        private static bool IsSpace(char c) => c == ' ' || c == '\t' || c == '\n' || c == '\r';

        /// <summary>
        /// The value of TABLEDATA text given as its bytes (ASCII, no entity, no CR), for what is read without a string: plain
        /// decimal integers and reals, one-letter booleans, DALI timestamps, the FIELD's null. False when this is not one of
        /// those: <see cref="FromText"/> decides, on the text. Where it answers, it answers as FromText does.
        /// </summary>
        public bool TryFromUtf8(byte[] b, int from, int length, out object? value)
        {
            value = null;
            if (length == 0 || length > 40 || _isArray) return false;
            if (IsSpace((char)b[from]) || IsSpace((char)b[from + length - 1])) return false;
            if (_nullBytes != null && SameBytes(b, from, length, _nullBytes)) return true;
            switch (_prim)
            {
                case Prim.UByte:
                case Prim.Short:
                case Prim.Int:
                case Prim.Long:
                    if (!TryDecimal(b, from, length, out var v)) return false;
                    value = IntegerValue(v);
                    return true;
                case Prim.Double:
                {
                    if (!RealsFromBytes || !IsPlainReal(b, from, length)
                        || !System.Buffers.Text.Utf8Parser.TryParse(new ReadOnlySpan<byte>(b, from, length), out double d, out var used) || used != length)
                        return false;
                    value = IsNullReal(d) ? null : (object)d;
                    return true;
                }
                case Prim.Float:
                {
                    if (!RealsFromBytes || !IsPlainReal(b, from, length)
                        || !System.Buffers.Text.Utf8Parser.TryParse(new ReadOnlySpan<byte>(b, from, length), out float f, out var used) || used != length)
                        return false;
                    value = IsNullReal(f) ? null : (object)f;
                    return true;
                }
                case Prim.Boolean:
                    if (length != 1) return false;
                    if (b[from] >= 0x80) return false; // not UTF-8: the XmlReader's error
                    value = BoolByte(b[from]);
                    return true;
                case Prim.Char:
                {
                    if (!ReferenceEquals(_xtype, TimestampText) || _charChunk > 0 || length < 19) return false;
                    Span<char> chars = stackalloc char[length];
                    for (var i = 0; i < length; i++)
                    {
                        if (b[from + i] >= 0x80) return false;
                        chars[i] = (char)b[from + i];
                    }
                    if (!TryIsoUtc(chars, out var when)) return false;
                    value = when;
                    return true;
                }
                default:
                    return false;
            }
        }

        /// <summary>
        /// Utf8Parser rounds as double.Parse does where both round correctly: .NET Core 3.0 and later. On .NET Framework
        /// (Windows PowerShell) both are older approximations, not known to agree to the last bit, so reals keep FromText.
        /// </summary>
        private static readonly bool RealsFromBytes = Environment.Version.Major == 3 || Environment.Version.Major >= 5;

        /// <summary>An integer scalar of this FIELD's type (null for its null value), from its text or its bytes alike.</summary>
        private object? IntegerValue(long v) => v == _nullInteger ? null : _prim switch
        {
            Prim.UByte => checked((byte)v),
            Prim.Short => checked((short)v),
            Prim.Int => checked((int)v),
            _ => (object)v,
        };

        // A real scalar that is null: NaN or the FIELD's null value (a float compares as the double it widens to, exactly).
        private bool IsNullReal(double v) => double.IsNaN(v) || _nullReal.HasValue && v == _nullReal.Value;

        private static bool SameBytes(byte[] b, int from, int length, byte[] other)
        {
            if (length != other.Length) return false;
            for (var i = 0; i < length; i++)
                if (b[from + i] != other[i]) return false;
            return true;
        }

        /// <summary>[+-]digits, at most 18 of them: a long that long.Parse would give.</summary>
        private static bool TryDecimal(byte[] b, int from, int length, out long v)
        {
            v = 0;
            var i = from;
            var end = from + length;
            var negative = b[i] == (byte)'-';
            if (negative || b[i] == (byte)'+') i++;
            if (i == end || end - i > 18) return false;
            for (; i < end; i++)
            {
                var d = b[i] - (byte)'0';
                if ((uint)d > 9) return false;
                v = v * 10 + d;
            }
            if (negative) v = -v;
            return true;
        }

        /// <summary>[+-]digits[.digits][(e|E)[+-]digits], a digit before and after the point: what double.Parse and Utf8Parser read alike.</summary>
        private static bool IsPlainReal(byte[] b, int from, int length)
        {
            var i = from;
            var end = from + length;
            if (b[i] == (byte)'-' || b[i] == (byte)'+') i++;
            var digits = i;
            while (i < end && (uint)(b[i] - (byte)'0') <= 9) i++;
            if (i == digits) return false;
            if (i < end && b[i] == (byte)'.')
            {
                var point = ++i;
                while (i < end && (uint)(b[i] - (byte)'0') <= 9) i++;
                if (i == point) return false;
            }
            if (i < end && (b[i] == (byte)'e' || b[i] == (byte)'E'))
            {
                i++;
                if (i < end && (b[i] == (byte)'-' || b[i] == (byte)'+')) i++;
                var exponent = i;
                while (i < end && (uint)(b[i] - (byte)'0') <= 9) i++;
                if (i == exponent || i - exponent > 4) return false;
            }
            return i == end;
        }

        // A float scalar of "NaN" is null, as in BINARY (see BinaryScalar); array elements keep their NaNs.
        private object? Scalar(string t)
        {
            switch (_prim)
            {
                case Prim.Boolean: return BoolText(t);
                case Prim.Bit: return BitText(t);
                case Prim.UByte:
                case Prim.Short:
                case Prim.Int:
                case Prim.Long: return IntegerValue(Integer(t));
                case Prim.Float: { var v = Single(t); return IsNullReal(v) ? null : (object)v; }
                case Prim.Double: { var v = Real(t); return IsNullReal(v) ? null : (object)v; }
                default:
                    var parts = t.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length != 2) throw new VOTableFormatException($"'{Clip(t)}' is not a complex number (FIELD '{Name}').");
                    return new Complex(Real(parts[0]), Real(parts[1]));
            }
        }

        private object ArrayFromText(string t)
        {
            if (_prim == Prim.Bit)
            {
                // bits may be written with or without separators: "1 0 1" or "101"
                var bits = new List<bool>(t.Length);
                foreach (var c in t)
                {
                    if (c == '1') bits.Add(true);
                    else if (c == '0') bits.Add(false);
                    else if (!IsSpace(c)) throw new VOTableFormatException($"'{Clip(t)}' is not a bit array (FIELD '{Name}').");
                }
                return bits.ToArray();
            }
            // Counted, then read one word at a time: splitting a 16 Mi-character cell made millions of strings at once.
            var n = CountWords(t);
            var w = new Words(t);
            switch (_prim)
            {
                case Prim.Boolean: { var a = new bool[n]; for (var i = 0; i < n; i++) a[i] = ReferenceEquals(BoolText(w.Next()), True); return a; }
                case Prim.UByte: { var a = new byte[n]; for (var i = 0; i < n; i++) a[i] = checked((byte)Integer(w.Next())); return a; }
                case Prim.Short: { var a = new short[n]; for (var i = 0; i < n; i++) a[i] = checked((short)Integer(w.Next())); return a; }
                case Prim.Int: { var a = new int[n]; for (var i = 0; i < n; i++) a[i] = checked((int)Integer(w.Next())); return a; }
                case Prim.Long: { var a = new long[n]; for (var i = 0; i < n; i++) a[i] = Integer(w.Next()); return a; }
                case Prim.Float:
                {
                    var a = new float[n];
                    for (var i = 0; i < n; i++) a[i] = Single(w.Next());
                    return _xtype != null ? Numbers(Array.ConvertAll(a, f => (double)f)) : a;
                }
                case Prim.Double:
                {
                    var a = new double[n];
                    for (var i = 0; i < n; i++) a[i] = Real(w.Next());
                    return _xtype != null ? Numbers(a) : a;
                }
                default:
                {
                    // complex arrays are written as flat real/imaginary pairs
                    if (n % 2 != 0) throw new VOTableFormatException($"'{Clip(t)}' is not a list of complex numbers (FIELD '{Name}').");
                    var a = new Complex[n / 2];
                    for (var i = 0; i < a.Length; i++)
                    {
                        var re = Real(w.Next());
                        a[i] = new Complex(re, Real(w.Next()));
                    }
                    return a;
                }
            }
        }

        private static int CountWords(string t)
        {
            var n = 0;
            var inWord = false;
            foreach (var c in t)
            {
                var space = IsSpace(c);
                if (!space && !inWord) n++;
                inWord = !space;
            }
            return n;
        }

        /// <summary>The whitespace-separated words of a text, one at a time.</summary>
        private struct Words
        {
            private readonly string _text;
            private int _at;

            public Words(string text)
            {
                _text = text;
                _at = 0;
            }

            public string Next()
            {
                while (_at < _text.Length && IsSpace(_text[_at])) _at++;
                var start = _at;
                while (_at < _text.Length && !IsSpace(_text[_at])) _at++;
                return _text.Substring(start, _at - start);
            }
        }

        private object? CharValue(string text)
        {
            if (_charChunk > 0)
            {
                var n = (text.Length + _charChunk - 1) / _charChunk;
                var a = new string[n];
                for (var i = 0; i < n; i++)
                {
                    var start = i * _charChunk;
                    a[i] = text.Substring(start, Math.Min(_charChunk, text.Length - start)).TrimEnd(' ', '\0');
                }
                return a;
            }
            if (_xtype is null) return text;
            return _xtype.FromText!(text) ?? throw new VOTableFormatException($"'{Clip(text)}' is not a {_xtype.Name} (FIELD '{Name}').");
        }

        /// <summary>The xtype object of a float/double array's numbers; numbers that cannot be one are a format error, never another type.</summary>
        private object Numbers(double[] values)
            => _xtype!.FromNumbers!(values) ?? throw new VOTableFormatException($"'{Clip(Dali.Join(values))}' ({values.Length} numbers) is not a {_xtype.Name} (FIELD '{Name}').");

        private static string Clip(string text) => text.Length > 80 ? text.Substring(0, 80) + "…" : text;

        /// <summary>ISO-8601 (DALI) as a UTC DateTime; text that is not a date is kept as it is.</summary>
        private static object Timestamp(string text)
        {
            var t = text.Trim();
            if (TryIsoUtc(t, out var fast)) return fast;
            const DateTimeStyles styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
            if (DateTime.TryParseExact(t, TimestampFormats, CultureInfo.InvariantCulture, styles, out var d)
                || (t.Length >= 8 && char.IsDigit(t[0]) && DateTime.TryParse(t, CultureInfo.InvariantCulture, styles, out d)))
                return DateTime.SpecifyKind(d, DateTimeKind.Utc);
            return text;
        }

        /// <summary>
        /// The usual DALI timestamp, yyyy-MM-ddTHH:mm:ss with an optional fraction and "Z", read digit by digit: a tenth of
        /// TryParseExact's time (0.6 us), the largest cost of a TABLEDATA row with a timestamp. Anything else: false, and the
        /// general parse decides.
        /// </summary>
        private static bool TryIsoUtc(string t, out DateTime value) => TryIsoUtc(t.AsSpan(), out value);

        private static bool TryIsoUtc(ReadOnlySpan<char> t, out DateTime value)
        {
            value = default;
            var n = t.Length;
            if (n < 19 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') || t[13] != ':' || t[16] != ':') return false;
            static int D(ReadOnlySpan<char> s, int i) => s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1000000;
            var year = D(t, 0) * 1000 + D(t, 1) * 100 + D(t, 2) * 10 + D(t, 3);
            var month = D(t, 5) * 10 + D(t, 6);
            var day = D(t, 8) * 10 + D(t, 9);
            var hour = D(t, 11) * 10 + D(t, 12);
            var minute = D(t, 14) * 10 + D(t, 15);
            var second = D(t, 17) * 10 + D(t, 18);
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
            var at = 19;
            long ticks = 0;
            if (at < n && t[at] == '.')
            {
                at++;
                var digits = 0;
                long scale = TimeSpan.TicksPerSecond;
                while (at < n && t[at] >= '0' && t[at] <= '9')
                {
                    scale /= 10;
                    ticks += (t[at] - '0') * scale;   // beyond 7 digits: below a tick, dropped
                    at++;
                    digits++;
                }
                if (digits == 0) return false;
            }
            if (at < n && t[at] == 'Z') at++;
            if (at != n) return false; // an offset (+01:00) or anything else: the general parse
            value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
            return true;
        }

        private static object? BoolText(string t)
        {
            if (t.Length == 1)
            {
                switch (t[0])
                {
                    case 'T': case 't': case '1': return True;
                    case 'F': case 'f': case '0': return False;
                    default: return null; // '?' and anything else: null
                }
            }
            if (t.Equals("true", StringComparison.OrdinalIgnoreCase)) return True;
            if (t.Equals("false", StringComparison.OrdinalIgnoreCase)) return False;
            return null;
        }

        private object BitText(string t)
        {
            if (t == "1") return True;
            if (t == "0") return False;
            throw new VOTableFormatException($"'{Clip(t)}' is not a bit (FIELD '{Name}').");
        }

        private static readonly object True = true, False = false;

        private long Integer(string t)
        {
            if (TryParseInteger(t, out var v)) return v;
            throw new VOTableFormatException($"'{Clip(t)}' is not an integer (FIELD '{Name}').");
        }

        private static bool TryParseInteger(string t, out long v)
        {
            if (t.Length > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X'))
                return long.TryParse(t.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out v);
            if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v)) return true;
            // "1.0" or "1e3" for an integer column: accept whole numbers
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18)
            {
                v = (long)d;
                return true;
            }
            return false;
        }

        private double Real(string t)
        {
            if (TryParseReal(t, out var d)) return d;
            throw new VOTableFormatException($"'{Clip(t)}' is not a number (FIELD '{Name}').");
        }

        private float Single(string t)
        {
            if (float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)) return f;
            return (float)Real(t);
        }

        private static bool TryParseReal(string t, out double d)
        {
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return true;
            switch (t.ToLowerInvariant())
            {
                case "nan": case "+nan": case "-nan": d = double.NaN; return true;
                case "inf": case "+inf": case "infinity": case "+infinity": d = double.PositiveInfinity; return true;
                case "-inf": case "-infinity": d = double.NegativeInfinity; return true;
            }
            return false;
        }

        // ---------------------------------------------------------------- BINARY / BINARY2

        /// <summary>
        /// Reads this field's bytes from <paramref name="src"/>. <paramref name="isNull"/> (a BINARY2 flag) discards
        /// the value; <paramref name="binary1"/>: plain BINARY, where an all-NaN fixed-size float array is the null.
        /// </summary>
        public object? FromBinary(BinarySource src, bool isNull, bool binary1)
        {
            int count;
            if (_variable)
            {
                src.Need(4);
                var items = src.Int32();
                if (items < 0) throw new VOTableFormatException($"Negative array length {items} (FIELD '{Name}'): the binary data is corrupt.");
                count = checked(items * _fixedCount);
            }
            else count = _fixedCount;
            var bytes = _prim == Prim.Bit ? (count + 7) / 8 : checked(count * _size);
            src.Need(bytes);
            if (isNull) { src.Skip(bytes); return null; }
            if (_isChar)
            {
                // char is UTF-8 (what cadc-dali writes), cut into strings by bytes for 2-D arrays
                if (_charChunk > 0 && _prim == Prim.Char) return src.TextChunks(bytes, _charChunk);
                var s = _prim == Prim.Char ? src.Text(bytes) : src.Ucs2(bytes);
                if (s.Length == 0) return null;
                if (_nullText != null && s == _nullText) return null;
                return CharValue(s);
            }
            if (!_isArray) return BinaryScalar(src);
            if (_variable && count == 0) return null;
            switch (_prim)
            {
                case Prim.Bit:
                {
                    var a = new bool[count];
                    for (var i = 0; i < count; i++) a[i] = (src.Peek(i >> 3) & (0x80 >> (i & 7))) != 0;
                    src.Skip(bytes);
                    return a;
                }
                case Prim.Boolean: { var a = new bool[count]; for (var i = 0; i < count; i++) a[i] = ReferenceEquals(BoolByte(src.Byte()), True); return a; }
                case Prim.UByte: return src.Take(bytes);
                case Prim.Short: { var a = new short[count]; for (var i = 0; i < count; i++) a[i] = src.Int16(); return a; }
                case Prim.Int: { var a = new int[count]; for (var i = 0; i < count; i++) a[i] = src.Int32(); return a; }
                case Prim.Long: { var a = new long[count]; for (var i = 0; i < count; i++) a[i] = src.Int64(); return a; }
                case Prim.Float:
                {
                    var a = new float[count];
                    var allNaN = true;
                    for (var i = 0; i < count; i++) { a[i] = src.Single(); allNaN &= float.IsNaN(a[i]); }
                    if (allNaN && binary1 && !_variable) return null;
                    return _xtype != null ? Numbers(Array.ConvertAll(a, f => (double)f)) : a;
                }
                case Prim.Double:
                {
                    var a = new double[count];
                    var allNaN = true;
                    for (var i = 0; i < count; i++) { a[i] = src.Double(); allNaN &= double.IsNaN(a[i]); }
                    // BINARY has no null for fixed-size arrays: all-NaN is how writers mark one (astropy reads it as masked)
                    if (allNaN && binary1 && !_variable) return null;
                    return _xtype != null ? Numbers(a) : a;
                }
                case Prim.FloatComplex: { var a = new Complex[count]; for (var i = 0; i < count; i++) a[i] = new Complex(src.Single(), src.Single()); return a; }
                default: { var a = new Complex[count]; for (var i = 0; i < count; i++) a[i] = new Complex(src.Double(), src.Double()); return a; }
            }
        }

        private object? BinaryScalar(BinarySource src)
        {
            switch (_prim)
            {
                case Prim.Boolean: return BoolByte(src.Byte());
                case Prim.Bit: return (src.Byte() & 0x80) != 0 ? True : False;
                case Prim.UByte: { var v = src.Byte(); return _nullInteger == v ? null : (object)v; }
                case Prim.Short: { var v = src.Int16(); return _nullInteger == v ? null : (object)v; }
                case Prim.Int: { var v = src.Int32(); return _nullInteger == v ? null : (object)v; }
                case Prim.Long: { var v = src.Int64(); return _nullInteger == v ? null : (object)v; }
                // NaN is the null of a float scalar (VOTable 1.4, 2.1: BINARY has no other), as astropy masks it: a missing number
                // is null, which Export-Csv writes as an empty field, not "NaN"
                case Prim.Float: { var v = src.Single(); return float.IsNaN(v) || _nullReal.HasValue && v == _nullReal.Value ? null : (object)v; }
                case Prim.Double: { var v = src.Double(); return double.IsNaN(v) || _nullReal.HasValue && v == _nullReal.Value ? null : (object)v; }
                case Prim.FloatComplex: return new Complex(src.Single(), src.Single());
                default: return new Complex(src.Double(), src.Double());
            }
        }

        private static object? BoolByte(byte b)
        {
            switch (b)
            {
                case (byte)'T': case (byte)'t': case (byte)'1': return True;
                case (byte)'F': case (byte)'f': case (byte)'0': return False;
                default: return null; // '?', NUL, space
            }
        }
    }
}
