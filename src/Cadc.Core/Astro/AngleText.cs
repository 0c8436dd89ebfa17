using System;
using System.Globalization;
using System.Text.RegularExpressions;
using Cadc.Core.Errors;

namespace Cadc.Core.Astro
{
    /// <summary>Angles as typed: a number of degrees, or a number with a unit ("2arcmin", "30 arcsec", "0.1deg", "1'", "30\"").</summary>
    public static class AngleText
    {
        private static readonly Regex Pattern = new Regex(
            @"^\s*(?<v>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?<u>deg|degree|degrees|d|°|arcmin|amin|'|′|arcsec|asec|""|″|mas|rad)?\s*$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>Degrees from <paramref name="text"/>.</summary>
        public static double ParseDegrees(string text)
        {
            var m = Pattern.Match(text ?? "");
            if (!m.Success)
                throw new CadcException(ErrorIds.InvalidRadius, CadcErrorKind.InvalidArgument,
                    $"'{text}' is not an angle: give degrees (0.1) or a number with a unit (\"2arcmin\", \"30arcsec\", \"0.1deg\").", text);
            var v = double.Parse(m.Groups["v"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            switch (m.Groups["u"].Value.ToLowerInvariant())
            {
                case "arcmin": case "amin": case "'": case "′": return v / 60;
                case "arcsec": case "asec": case "\"": case "″": return v / 3600;
                case "mas": return v / 3_600_000;
                case "rad": return v * 180 / Math.PI;
                default: return v;
            }
        }

        /// <summary>Checks a search radius: positive, finite, at most <paramref name="maxDegrees"/>.</summary>
        public static double CheckRadius(double degrees, string? typed = null, double maxDegrees = 30)
        {
            if (double.IsNaN(degrees) || degrees <= 0 || degrees > maxDegrees)
                throw new CadcException(ErrorIds.InvalidRadius, CadcErrorKind.InvalidArgument,
                    $"The radius {typed ?? degrees.ToString("R", CultureInfo.InvariantCulture) + " deg"} is out of range: it must be above 0 and at most {maxDegrees} degrees.", typed ?? (object)degrees);
            return degrees;
        }
    }
}
