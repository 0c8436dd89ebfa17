using System;
using System.Globalization;
using System.Text.RegularExpressions;
using Cadc.Core.Errors;

namespace Cadc.Core.Astro
{
    /// <summary>An ICRS position in degrees, parsed from what astronomers type.</summary>
    public readonly struct SkyPosition : IEquatable<SkyPosition>
    {
        public SkyPosition(double ra, double dec)
        {
            Ra = ra;
            Dec = dec;
        }

        /// <summary>Right ascension in degrees, [0, 360).</summary>
        public double Ra { get; }

        /// <summary>Declination in degrees, [-90, 90].</summary>
        public double Dec { get; }

        public override string ToString() => Ra.ToString("R", CultureInfo.InvariantCulture) + " " + Dec.ToString("R", CultureInfo.InvariantCulture);

        public bool Equals(SkyPosition other) => Ra.Equals(other.Ra) && Dec.Equals(other.Dec);
        public override bool Equals(object? obj) => obj is SkyPosition p && Equals(p);
        public override int GetHashCode() => Ra.GetHashCode() * 397 ^ Dec.GetHashCode();
        public static bool operator ==(SkyPosition left, SkyPosition right) => left.Equals(right);
        public static bool operator !=(SkyPosition left, SkyPosition right) => !left.Equals(right);

        // "10.684 41.269", "10.684, 41.269", "00:42:44.3 +41:16:09", "00h42m44.3s +41d16m09s", "00 42 44.3 +41 16 09"
        private static readonly Regex Sexagesimal = new Regex(
            @"^\s*(?<h>\d{1,3})\s*[h:\s]\s*(?<m>\d{1,2})\s*[m:\s]\s*(?<s>\d{1,2}(?:\.\d*)?)\s*s?\s*,?\s*" +
            @"(?<sign>[-+\u2212]?)\s*(?<d>\d{1,2})\s*[d°:\s]\s*(?<am>\d{1,2})\s*['m:\s]\s*(?<as>\d{1,2}(?:\.\d*)?)\s*(?:""|s|'')?\s*$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex Decimal = new Regex(
            @"^\s*(?<a>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?:d|deg|°)?\s*(?:,\s*|\s+)(?<b>[-+\u2212]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?:d|deg|°)?\s*$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>True when <paramref name="text"/> looks like coordinates rather than an object name.</summary>
        public static bool LooksLikeCoordinates(string text)
            => text != null && (Decimal.IsMatch(text) || Sexagesimal.IsMatch(text));

        /// <summary>
        /// Parses decimal degrees or sexagesimal text (hours for the first angle unless <paramref name="frame"/> is Galactic)
        /// in <paramref name="frame"/>, and converts it to ICRS.
        /// </summary>
        public static SkyPosition Parse(string text, SkyFrame frame = SkyFrame.ICRS)
        {
            double lon, lat;
            var m = Decimal.Match(text ?? "");
            if (m.Success)
            {
                lon = double.Parse(m.Groups["a"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
                lat = double.Parse(m.Groups["b"].Value.Replace('\u2212', '-'), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            else if ((m = Sexagesimal.Match(text ?? "")).Success)
            {
                var h = Number(m, "h");
                var min = Number(m, "m");
                var sec = Number(m, "s");
                var d = Number(m, "d");
                var am = Number(m, "am");
                var asec = Number(m, "as");
                if (min >= 60 || sec >= 60 || am >= 60 || asec >= 60) throw Invalid(text!, "minutes and seconds must be below 60");
                var first = h + min / 60 + sec / 3600;
                lon = frame == SkyFrame.Galactic ? first : first * 15;
                lat = d + am / 60 + asec / 3600;
                if (m.Groups["sign"].Value == "-" || m.Groups["sign"].Value == "\u2212") lat = -lat;
                if (frame != SkyFrame.Galactic && h >= 24) throw Invalid(text!, "hours must be below 24");
            }
            else
            {
                throw Invalid(text ?? "", "expected 'RA Dec' in degrees (\"10.684 41.269\") or sexagesimal (\"00:42:44.3 +41:16:09\", \"00h42m44.3s +41d16m09s\")");
            }
            if (double.IsNaN(lon) || double.IsNaN(lat) || lon < 0 || lon >= 360) throw Invalid(text!, $"the longitude {lon} is outside [0, 360)");
            if (lat < -90 || lat > 90) throw Invalid(text!, $"the latitude {lat} is outside [-90, 90]");
            return FromFrame(lon, lat, frame);
        }

        /// <summary>An ICRS position from longitude/latitude in degrees in <paramref name="frame"/>.</summary>
        public static SkyPosition FromFrame(double lon, double lat, SkyFrame frame)
        {
            if (double.IsNaN(lon) || double.IsNaN(lat) || double.IsInfinity(lon) || lon < 0 || lon >= 360 || lat < -90 || lat > 90)
                throw Invalid($"{lon.ToString(CultureInfo.InvariantCulture)} {lat.ToString(CultureInfo.InvariantCulture)}", "the longitude must be in [0, 360) and the latitude in [-90, 90]");
            return frame == SkyFrame.Galactic ? GalacticToIcrs(lon, lat) : new SkyPosition(lon, lat);
        }

        // Rotation from galactic to ICRS: the transpose of the ICRS->galactic matrix of the Hipparcos
        // catalogue (ESA SP-1200, vol. 1, sec. 1.5.3), which defines the galactic frame on ICRS axes.
        private static readonly double[,] GalToIcrs =
        {
            { -0.0548755604162154, +0.4941094278755837, -0.8676661490190047 },
            { -0.8734370902348850, -0.4448296299600112, -0.1980763734312015 },
            { -0.4838350155487132, +0.7469822444972189, +0.4559837761750669 },
        };

        private static SkyPosition GalacticToIcrs(double l, double b)
        {
            const double rad = Math.PI / 180;
            double cb = Math.Cos(b * rad), x = cb * Math.Cos(l * rad), y = cb * Math.Sin(l * rad), z = Math.Sin(b * rad);
            var X = GalToIcrs[0, 0] * x + GalToIcrs[0, 1] * y + GalToIcrs[0, 2] * z;
            var Y = GalToIcrs[1, 0] * x + GalToIcrs[1, 1] * y + GalToIcrs[1, 2] * z;
            var Z = GalToIcrs[2, 0] * x + GalToIcrs[2, 1] * y + GalToIcrs[2, 2] * z;
            var ra = Math.Atan2(Y, X) / rad;
            if (ra < 0) ra += 360;
            if (ra >= 360) ra -= 360;
            var dec = Math.Asin(Math.Max(-1, Math.Min(1, Z))) / rad;
            return new SkyPosition(ra, dec);
        }

        private static double Number(Match m, string group) => double.Parse(m.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture);

        private static CadcException Invalid(string text, string why)
            => new CadcException(ErrorIds.InvalidCoordinates, CadcErrorKind.InvalidArgument, $"'{text}' are not valid coordinates: {why}.", text);
    }
}
