using System;
using System.Collections.Generic;
using System.Text;
using Cadc.Core.Adql;
using Cadc.Core.Astro;

namespace Cadc.Core.Caom
{
    /// <summary>
    /// The ADQL of CADC's archive searches, with astroquery.cadc's semantics: CAOM2 Observation joined with
    /// Plane, junk-quality planes excluded. Unlike astroquery, every user value is an escaped literal.
    /// </summary>
    public static class CaomQueries
    {
        private const string From = "SELECT * FROM caom2.Observation AS o JOIN caom2.Plane AS p ON o.obsID = p.obsID";
        private const string NotJunk = "(p.quality_flag IS NULL OR p.quality_flag != 'junk')";

        /// <summary>Planes whose position_bounds intersect the circle (astroquery's query_region).</summary>
        public static string Region(SkyPosition center, double radiusDegrees, IReadOnlyList<string>? collections = null, IReadOnlyList<string>? dataProductTypes = null)
        {
            var sb = new StringBuilder(From);
            sb.Append(" WHERE INTERSECTS(CIRCLE('ICRS', ").Append(AdqlText.Number(center.Ra)).Append(", ")
              .Append(AdqlText.Number(center.Dec)).Append(", ").Append(AdqlText.Number(radiusDegrees))
              .Append("), p.position_bounds) = 1 AND ").Append(NotJunk);
            AppendIn(sb, "o.collection", collections);
            AppendIn(sb, "p.dataProductType", dataProductTypes);
            return sb.ToString();
        }

        /// <summary>
        /// The publisher IDs of the image planes whose position_bounds intersect the circle: the planes astroquery's
        /// get_images cuts out (its query_region with dataProductType = 'image'), only the column a cutout needs.
        /// </summary>
        public static string ImagePlanes(SkyPosition center, double radiusDegrees, IReadOnlyList<string>? collections = null)
            => Region(center, radiusDegrees, collections, new[] { ImageType }).Replace("SELECT * FROM", "SELECT p.publisherID FROM");

        /// <summary>The dataProductType of the planes a cutout is made of (astroquery's get_images keeps only these).</summary>
        public const string ImageType = "image";

        /// <summary>
        /// Target-name search (astroquery's query_name): a case-insensitive substring by default; with
        /// wildcards (* ?) a case-insensitive LIKE; with <paramref name="exact"/> equality.
        /// </summary>
        public static string Target(string name, bool exact = false, IReadOnlyList<string>? collections = null, IReadOnlyList<string>? dataProductTypes = null)
        {
            var sb = new StringBuilder(From).Append(" WHERE ");
            if (exact && !AdqlText.HasWildcards(name))
                sb.Append("o.target_name = ").Append(AdqlText.Literal(name));
            else if (AdqlText.HasWildcards(name))
                sb.Append("LOWER(o.target_name) LIKE ").Append(AdqlText.Literal(AdqlText.LikePattern(name.ToLowerInvariant())));
            else
                sb.Append("LOWER(o.target_name) LIKE ").Append(AdqlText.Literal(AdqlText.ContainsPattern(name.ToLowerInvariant())));
            AppendIn(sb, "o.collection", collections);
            AppendIn(sb, "p.dataProductType", dataProductTypes);
            return sb.ToString();
        }

        /// <summary>Collections with their energy bands (astroquery's get_collections).</summary>
        public const string Collections = "SELECT DISTINCT collection, energy_emBand FROM caom2.EnumField";

        private static void AppendIn(StringBuilder sb, string column, IReadOnlyList<string>? values)
        {
            if (values is null || values.Count == 0) return;
            if (values.Count == 1)
            {
                sb.Append(" AND ").Append(column).Append(" = ").Append(AdqlText.Literal(values[0]));
                return;
            }
            sb.Append(" AND ").Append(column).Append(" IN (");
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(AdqlText.Literal(values[i]));
            }
            sb.Append(')');
        }
    }
}
