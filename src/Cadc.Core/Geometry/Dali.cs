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

        /// <summary>The geometry object for <paramref name="xtype"/>, or the raw array when the element count does not fit.</summary>
        public static object FromDoubles(string xtype, double[] v)
        {
            switch (xtype)
            {
                case "interval": return v.Length == 2 ? new Interval(v[0], v[1]) : (object)v;
                case "point": return v.Length == 2 ? new SkyPoint(v[0], v[1]) : (object)v;
                case "circle": return v.Length == 3 ? new SkyCircle(v[0], v[1], v[2]) : (object)v;
                case "polygon":
                    if (v.Length < 6 || v.Length % 2 != 0) return v;
                    var points = new SkyPoint[v.Length / 2];
                    for (var i = 0; i < points.Length; i++) points[i] = new SkyPoint(v[2 * i], v[2 * i + 1]);
                    return new SkyPolygon(points);
                default: return v;
            }
        }

        /// <summary>
        /// A shape from the text of a char column: STC-S ("Position ICRS 1 2", "Circle ICRS 1 2 0.5",
        /// "Polygon ICRS GEOCENTER 1 2 3 4 5 6"; frame words optional) or, when <paramref name="kind"/> is known,
        /// DALI numbers ("1 2"). Anything else is returned as the text.
        /// </summary>
        public static object FromText(string text, string? kind)
        {
            var tokens = text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) return text;
            var first = 0;
            if (!IsNumber(tokens[0]))
            {
                switch (tokens[0].ToLowerInvariant())
                {
                    case "position": case "point": kind = "point"; break;
                    case "circle": kind = "circle"; break;
                    case "polygon": kind = "polygon"; break;
                    default: return text; // Box, Union, ...: kept as text
                }
                first = 1;
                while (first < tokens.Length && !IsNumber(tokens[first])) first++; // frame, refpos, flavor
            }
            if (kind is null) return text;
            var numbers = new double[tokens.Length - first];
            for (var i = first; i < tokens.Length; i++)
                if (!double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i - first])) return text;
            var result = FromDoubles(kind, numbers);
            return result is double[] ? text : result;
        }

        private static bool IsNumber(string token)
            => double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
