using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Cadc.Core.VOTable
{
    /// <summary>A DALI interval (xtype interval): two numbers, lower and upper.</summary>
    public sealed class Interval : IEquatable<Interval>
    {
        public Interval(double lower, double upper) { Lower = lower; Upper = upper; }
        public double Lower { get; }
        public double Upper { get; }
        public override string ToString() => Dali.Join(Lower, Upper);
        public bool Equals(Interval? other) => other != null && Lower.Equals(other.Lower) && Upper.Equals(other.Upper);
        public override bool Equals(object? obj) => Equals(obj as Interval);
        public override int GetHashCode() => Lower.GetHashCode() * 397 ^ Upper.GetHashCode();
    }

    /// <summary>A DALI point (xtype point): longitude and latitude in degrees.</summary>
    public sealed class SkyPoint : IEquatable<SkyPoint>
    {
        public SkyPoint(double ra, double dec) { Ra = ra; Dec = dec; }
        public double Ra { get; }
        public double Dec { get; }
        public override string ToString() => Dali.Join(Ra, Dec);
        public bool Equals(SkyPoint? other) => other != null && Ra.Equals(other.Ra) && Dec.Equals(other.Dec);
        public override bool Equals(object? obj) => Equals(obj as SkyPoint);
        public override int GetHashCode() => Ra.GetHashCode() * 397 ^ Dec.GetHashCode();
    }

    /// <summary>A DALI circle (xtype circle): centre and radius in degrees.</summary>
    public sealed class SkyCircle : IEquatable<SkyCircle>
    {
        public SkyCircle(double ra, double dec, double radius) { Ra = ra; Dec = dec; Radius = radius; }
        public double Ra { get; }
        public double Dec { get; }
        public double Radius { get; }
        public override string ToString() => Dali.Join(Ra, Dec, Radius);
        public bool Equals(SkyCircle? other) => other != null && Ra.Equals(other.Ra) && Dec.Equals(other.Dec) && Radius.Equals(other.Radius);
        public override bool Equals(object? obj) => Equals(obj as SkyCircle);
        public override int GetHashCode() => (Ra.GetHashCode() * 397 ^ Dec.GetHashCode()) * 397 ^ Radius.GetHashCode();
    }

    /// <summary>A DALI polygon (xtype polygon): vertices in degrees.</summary>
    public sealed class SkyPolygon : IEquatable<SkyPolygon>
    {
        public SkyPolygon(IReadOnlyList<SkyPoint> vertices) { Vertices = vertices; }
        public IReadOnlyList<SkyPoint> Vertices { get; }
        public override string ToString() => string.Join(" ", Vertices.Select(v => v.ToString()));
        public bool Equals(SkyPolygon? other) => other != null && Vertices.SequenceEqual(other.Vertices);
        public override bool Equals(object? obj) => Equals(obj as SkyPolygon);
        public override int GetHashCode() => Vertices.Aggregate(17, (h, v) => h * 31 + v.GetHashCode());
    }

    internal static class Dali
    {
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

        /// <summary>STC-S text of a char column ("Polygon ICRS 1 2 3 4 5 6", "Circle ICRS 1 2 0.5", "Position ICRS 1 2").</summary>
        public static object FromStcs(string text)
        {
            var tokens = text.Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 2) return text;
            var shape = tokens[0].ToLowerInvariant();
            var numbers = new List<double>();
            for (var i = 1; i < tokens.Length; i++)
            {
                if (double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) numbers.Add(d);
                else if (numbers.Count > 0) return text; // a word after the numbers: not a shape we read
            }
            var kind = shape == "position" || shape == "point" ? "point" : shape == "circle" ? "circle" : shape == "polygon" ? "polygon" : null;
            if (kind is null) return text;
            var result = FromDoubles(kind, numbers.ToArray());
            return result is double[] ? text : result;
        }
    }
}
