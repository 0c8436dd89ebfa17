using System;
using System.Collections.Generic;
using System.Linq;
using Cadc.Core.Caom;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Piped planes a cutout cannot be made of (spectra, catalogs, time series: dataProductType other than 'image'), counted by
    /// type for one warning at the end instead of an error per plane. Shared by Save-CadcImage -Coordinates and Get-CadcDataUrl -Cutout.
    /// </summary>
    internal sealed class NotImagePlanes
    {
        private readonly SortedDictionary<string, int> _byType = new SortedDictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        /// <summary>True, and counted, when the input's product type is given and is not an image; an input without one is tried.</summary>
        public bool Skip(string? dataProductType, int planes)
        {
            var type = dataProductType?.Trim() ?? "";
            if (type.Length == 0 || string.Equals(type, CaomQueries.ImageType, StringComparison.OrdinalIgnoreCase)) return false;
            _byType[type] = (_byType.TryGetValue(type, out var n) ? n : 0) + planes;
            return true;
        }

        /// <summary>The warning naming what was skipped (null when nothing was); <paramref name="ending"/> ends its sentence.</summary>
        public string? Warning(string ending = ".")
            => _byType.Count == 0 ? null
                : $"Skipped {_byType.Values.Sum()} planes that are not images ({string.Join(", ", _byType.Select(t => $"{t.Value} {t.Key}"))}): a cutout is of an image{ending}";
    }
}
