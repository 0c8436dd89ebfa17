using System;

namespace Cadc.Core.Geometry
{
    /// <summary>
    /// Angular distances on the sky, in degrees (the unit of CAOM2 and ADQL's DISTANCE), and the centre of a footprint
    /// as a search row carries it: computed here rather than in ADQL so that it is the same on every TAP service
    /// (CADC gives position_bounds as DALI shape text, DaCHS as a double[*] polygon; both arrive as these shapes).
    /// </summary>
    public static class SkySeparation
    {
        private const double Rad = Math.PI / 180;

        /// <summary>The great-circle distance between two positions, degrees (Vincenty's formula: exact at 0 and 180°).</summary>
        public static double Degrees(double ra1, double dec1, double ra2, double dec2)
        {
            double d1 = dec1 * Rad, d2 = dec2 * Rad, dra = (ra2 - ra1) * Rad;
            double sinD1 = Math.Sin(d1), cosD1 = Math.Cos(d1), sinD2 = Math.Sin(d2), cosD2 = Math.Cos(d2);
            double x = cosD2 * Math.Sin(dra);
            double y = cosD1 * sinD2 - sinD1 * cosD2 * Math.Cos(dra);
            double z = sinD1 * sinD2 + cosD1 * cosD2 * Math.Cos(dra);
            return Math.Atan2(Math.Sqrt(x * x + y * y), z) / Rad;
        }

        /// <summary>
        /// The centre of <paramref name="shape"/>: a point itself, a circle's centre, a polygon's vertices averaged as unit
        /// vectors (right across RA 0/360 and near the poles). Null for anything else (text of a shape CadcPS does not read,
        /// null, a polygon whose vertices cancel out).
        /// </summary>
        public static SkyPoint? CenterOf(object? shape)
        {
            switch (shape)
            {
                case SkyPoint p: return p;
                case SkyCircle c: return new SkyPoint(c.Ra, c.Dec);
                case SkyPolygon polygon when polygon.Vertices.Count > 0:
                    double x = 0, y = 0, z = 0;
                    foreach (var v in polygon.Vertices)
                    {
                        double ra = v.Ra * Rad, dec = v.Dec * Rad;
                        x += Math.Cos(dec) * Math.Cos(ra);
                        y += Math.Cos(dec) * Math.Sin(ra);
                        z += Math.Sin(dec);
                    }
                    var r = Math.Sqrt(x * x + y * y + z * z);
                    if (r < 1e-12 * polygon.Vertices.Count) return null;
                    var lon = Math.Atan2(y, x) / Rad;
                    return new SkyPoint(lon < 0 ? lon + 360 : lon, Math.Asin(Math.Max(-1, Math.Min(1, z / r))) / Rad);
                case object[] parts when parts.Length == 1:
                    return CenterOf(parts[0]);
                default: return null;
            }
        }

        /// <summary>Degrees from (<paramref name="ra"/>, <paramref name="dec"/>) to the centre of <paramref name="shape"/>; null when it has none.</summary>
        public static double? FromCenterOf(double ra, double dec, object? shape)
            => CenterOf(shape) is SkyPoint c ? Degrees(ra, dec, c.Ra, c.Dec) : (double?)null;
    }
}
