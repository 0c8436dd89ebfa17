using System;
using System.Collections.Generic;

namespace Cadc.Core.Download
{
    /// <summary>
    /// The file names one batch has taken, so that two of its targets never write the same file (in parallel
    /// they would collide on the .part; one after the other, the second would replace the first). A name taken
    /// by another URL gets that URL's stable hash before its extension ("a~1f2e3d4c.fits"): the same suffix on every run.
    /// Compared ignoring case, as Windows and macOS file systems do.
    /// </summary>
    public sealed class PathClaims
    {
        private readonly Dictionary<string, string> _byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly object _lock = new object();

        /// <summary>The name <paramref name="url"/> may write: <paramref name="name"/>, unless another URL of the batch has it.</summary>
        public string Claim(string name, Uri url)
        {
            var key = url.AbsoluteUri;
            lock (_lock)
            {
                var candidate = name;
                for (var n = 0; ; n++)
                {
                    if (!_byName.TryGetValue(candidate, out var owner))
                    {
                        _byName[candidate] = key;
                        return candidate;
                    }
                    if (owner == key) return candidate;
                    // Bounded: each round claims a new hash, and a batch holds finitely many names.
                    candidate = FileNames.WithSuffix(name, FileNames.StableHash(n == 0 ? key : key + "#" + n));
                }
            }
        }
    }
}
