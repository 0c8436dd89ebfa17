using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Cadc.Core.Astro;
using Cadc.Core.Tap;

namespace Cadc.Core.Caom
{
    /// <summary>
    /// The image planes around a position (astroquery's get_images/get_image_list in one call): a region search for
    /// dataProductType = 'image', junk excluded, answering publisher IDs to cut out.
    /// </summary>
    public static class ImagePlanes
    {
        /// <param name="tapCall">A call addressed to the TAP service (its Service is the TAP one, or null for the session's).</param>
        public static async Task<IReadOnlyList<string>> FindAsync(SkyPosition center, double radiusDegrees, IReadOnlyList<string>? collections, CadcCall tapCall)
        {
            var tap = await TapService.ResolveAsync(tapCall).ConfigureAwait(false);
            var ids = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            using (var result = await tap.ExecuteSyncAsync(new TapQuery(CaomQueries.ImagePlanes(center, radiusDegrees, collections)), tapCall).ConfigureAwait(false))
            {
                var column = -1;
                for (var i = 0; i < result.Fields.Count && column < 0; i++)
                    if (string.Equals(result.Fields[i].Name, "publisherID", StringComparison.OrdinalIgnoreCase)) column = i;
                object?[]? row;
                // As many rows as the service sends (its MAXREC bounds them); one short string each.
                while ((row = result.ReadRow()) != null)
                {
                    tapCall.Cancel.ThrowIfCancellationRequested();
                    if (column >= 0 && row[column] is string id && id.Length > 0 && seen.Add(id)) ids.Add(id);
                }
                if (result.Overflowed)
                    tapCall.Log.Warning($"The search for image planes was truncated at {ids.Count:N0} planes (the service's row limit): narrow -Radius or give -Collection.");
            }
            tapCall.Log.Verbose($"{ids.Count:N0} image planes (dataProductType = 'image') meet the circle.");
            return ids;
        }
    }
}
