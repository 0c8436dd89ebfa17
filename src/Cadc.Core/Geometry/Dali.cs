using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Cadc.Core.Geometry
{
    /// <summary>DALI geometry values from numbers (double arrays) and from text (DALI or STC-S).</summary>
    internal static class Dali
    {
        private static readonly char[] Whitespace = { ' ', '\t', '\n', '\r' };

        public static string Join(params double[] values)
        {
            var sb = new StringBuilder();
            foreach (var v in values)
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        /// <summary>The geometry object for <paramref name="xtype"/> (interval, point, circle, polygon), or null when the numbers cannot be one.</summary>
        public static object? FromDoubles(string xtype, double[] v)
        {
            switch (xtype)
            {
                case "interval": return v.Length == 2 ? new Interval(v[0], v[1]) : null;
                case "point": return v.Length == 2 ? new SkyPoint(v[0], v[1]) : null;
                case "circle": return v.Length == 3 ? new SkyCircle(v[0], v[1], v[2]) : null;
                case "polygon":
                    if (v.Length < 6 || v.Length % 2 != 0) return null;
                    var points = new SkyPoint[v.Length / 2];
                    for (var i = 0; i < points.Length; i++) points[i] = new SkyPoint(v[2 * i], v[2 * i + 1]);
                    return new SkyPolygon(points);
                default: return null;
            }
        }

        /// <summary>DALI multiinterval (and interval arrays): lower/upper pairs, or null for an odd count.</summary>
        public static Interval[]? Intervals(double[] v)
        {
            if (v.Length % 2 != 0) return null;
            var a = new Interval[v.Length / 2];
            for (var i = 0; i < a.Length; i++) a[i] = new Interval(v[2 * i], v[2 * i + 1]);
            return a;
        }

        /// <summary>
        /// A <paramref name="kind"/> (point, circle, polygon) from the text of a char column: STC-S ("Position ICRS 1 2",
        /// "Circle ICRS 1 2 0.5", "Polygon ICRS GEOCENTER 1 2 3 4 5 6"; frame words optional), DALI-1.2 shape text
        /// ("circle 1 2 0.5") or bare DALI numbers ("1 2"). Null when the text is not one (another shape, wrong numbers).
        /// </summary>
        public static object? Parse(string text, string kind)
        {
            var found = Shape(text, out var numbers);
            if (found != null && found != kind) return null;
            return numbers is null ? null : FromDoubles(kind, numbers);
        }

        /// <summary>
        /// A shape from the text of a shape or region column: SkyPoint, SkyCircle or SkyPolygon as its keyword says
        /// (STC-S or DALI-1.2, see <see cref="Parse"/>); anything else (Box, Union, range, numbers without a keyword) is the text.
        /// </summary>
        public static object FromText(string text)
        {
            var kind = Shape(text, out var numbers);
            return kind != null && numbers != null && FromDoubles(kind, numbers) is { } shape ? shape : text;
        }

        /// <summary>
        /// A DALI multishape ("polygon 1 2 3 4 5 6 circle 7 8 0.5", what cadc-dali's MultiShapeFormat writes): one
        /// element per keyword, each a SkyPoint, SkyCircle or SkyPolygon, or its text when it is none of them.
        /// </summary>
        public static object[] MultiShape(string text)
        {
            var tokens = text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
            var shapes = new List<object>();
            var start = 0;
            for (var i = 1; i <= tokens.Length; i++)
            {
                // a word right after a number starts the next shape; words after a keyword are its frame
                if (i < tokens.Length && !(IsNumber(tokens[i - 1]) && !IsNumber(tokens[i]))) continue;
                shapes.Add(FromText(string.Join(" ", tokens, start, i - start)));
                start = i;
            }
            return shapes.ToArray();
        }

        /// <summary>The shape keyword of STC-S and DALI-1.2 text (lower case, "position" as "point"), or null.</summary>
        private static string? Keyword(string token)
        {
            switch (token.ToLowerInvariant())
            {
                case "position": case "point": return "point";
                case "circle": return "circle";
                case "polygon": return "polygon";
                default: return null;
            }
        }

        /// <summary>
        /// The keyword of <paramref name="text"/> (null when it has none, i.e. starts with a number) and its numbers
        /// after any frame words (null when a token is neither, or the text names a shape this does not know).
        /// </summary>
        private static string? Shape(string text, out double[]? numbers)
        {
            numbers = null;
            var tokens = text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) return null;
            string? kind = null;
            var first = 0;
            if (!IsNumber(tokens[0]))
            {
                kind = Keyword(tokens[0]);
                if (kind is null) return tokens[0].ToLowerInvariant(); // Box, Union, range...: a shape, not one of these
                first = 1;
                while (first < tokens.Length && !IsNumber(tokens[first])) first++; // frame, refpos, flavor
            }
            var values = new double[tokens.Length - first];
            for (var i = first; i < tokens.Length; i++)
                if (!double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i - first])) return kind;
            numbers = values;
            return kind;
        }

        /// <summary>
        /// DALI-1.2 shape text, as cadc-dali's ShapeFormat writes a shape (and CADC's CSV has it): "point ra dec",
        /// "circle ra dec radius", "polygon ra1 dec1 ..."; null for anything else.
        /// </summary>
        public static string? ShapeText(object? value) => value switch
        {
            SkyPoint p => "point " + p,
            SkyCircle c => "circle " + c,
            SkyPolygon g => "polygon " + g,
            _ => null,
        };

        /// <summary>STC-S text of a region, without a frame (which the value does not keep): "Position ra dec", "Circle ...", "Polygon ...".</summary>
        public static string? StcsText(object? value) => value switch
        {
            SkyPoint p => "Position " + p,
            SkyCircle c => "Circle " + c,
            SkyPolygon g => "Polygon " + g,
            _ => null,
        };

        private static bool IsNumber(string token)
            => double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
