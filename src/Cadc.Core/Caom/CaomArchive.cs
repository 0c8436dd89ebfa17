using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Tap;

namespace Cadc.Core.Caom
{
    /// <summary>A CADC collection and the energy bands of its data (astroquery's get_collections).</summary>
    public sealed class CaomCollection
    {
        public CaomCollection(string name, IReadOnlyList<string> bands)
        {
            Name = name;
            Bands = bands;
        }

        public string Name { get; }
        public IReadOnlyList<string> Bands { get; }
        public string Description => $"The {Name} collection at the CADC";
    }

    /// <summary>Archive-wide facts that change rarely, read once per session and TAP service (an ivo:// id with the
    /// registry it was found through, or a URL): another registry's archive never answers from this one's cache.</summary>
    public sealed class CaomArchive
    {
        private readonly CadcContext _context;
        private readonly ConcurrentDictionary<string, IReadOnlyList<CaomCollection>> _collections = new ConcurrentDictionary<string, IReadOnlyList<CaomCollection>>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _tableNames = new ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

        internal CaomArchive(CadcContext context) => _context = context;

        public async Task<IReadOnlyList<CaomCollection>> GetCollectionsAsync(CadcCall call, bool refresh = false)
        {
            var key = KeyOf(call);
            if (!refresh && _collections.TryGetValue(key, out var cached)) return cached;
            var tap = await TapService.ResolveAsync(call).ConfigureAwait(false);
            var bands = new SortedDictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
            using (var result = await tap.ExecuteSyncAsync(new TapQuery(CaomQueries.Collections), call).ConfigureAwait(false))
            {
                int c = Index(result, "collection"), b = Index(result, "energy_emBand");
                object?[]? row;
                while ((row = result.ReadRow()) != null)
                {
                    if (!(row[c] is string name) || name.Length == 0) continue;
                    if (!bands.TryGetValue(name, out var set)) bands[name] = set = new SortedSet<string>(StringComparer.Ordinal);
                    if (b >= 0 && row[b] is string band && band.Length > 0) set.Add(band);
                }
            }
            var list = bands.Select(kv => new CaomCollection(kv.Key, kv.Value.ToList())).ToList();
            _collections[key] = list;
            return list;
        }

        /// <summary>The collections already read for what <paramref name="call"/> addresses (for tab completion without a request).</summary>
        public IReadOnlyList<CaomCollection>? CachedCollections(CadcCall call)
            => _collections.TryGetValue(KeyOf(call), out var c) ? c : null;

        public async Task<IReadOnlyList<string>> GetTableNamesAsync(CadcCall call)
        {
            var key = KeyOf(call);
            if (_tableNames.TryGetValue(key, out var cached)) return cached;
            var tap = await TapService.ResolveAsync(call).ConfigureAwait(false);
            var names = new List<string>();
            await tap.ReadTablesAsync(null, false, t => names.Add(t.Name), call).ConfigureAwait(false);
            _tableNames[key] = names;
            return names;
        }

        private string KeyOf(CadcCall call) => call.KeyOf(call.Service ?? _context.Configuration.TapService);

        private static int Index(TapResult result, string column)
        {
            for (var i = 0; i < result.Fields.Count; i++)
                if (string.Equals(result.Fields[i].Name, column, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }
    }
}
