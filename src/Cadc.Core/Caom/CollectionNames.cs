using System;
using System.Collections.Generic;
using System.Linq;

namespace Cadc.Core.Caom
{
    /// <summary>
    /// -Collection as the archive spells it. o.collection is compared exactly on the database, so "cfht" found
    /// nothing, silently; a name matching an archive collection regardless of case is sent in the archive's
    /// spelling, and a name the archive does not list is kept as typed (the archive's list, from caom2.EnumField,
    /// may lag behind a new collection) with a note naming the nearest collections ("did you mean CFHT?").
    /// </summary>
    public static class CollectionNames
    {
        /// <summary>The names to send and what to tell the user about them.</summary>
        public sealed class Matched
        {
            internal Matched(IReadOnlyList<string> names, IReadOnlyList<string> respelled, IReadOnlyList<string> unknown)
            {
                Names = names;
                Respelled = respelled;
                Unknown = unknown;
            }

            /// <summary>The names as they go into the query, in the order given, each once.</summary>
            public IReadOnlyList<string> Names { get; }

            /// <summary>"cfht: sent as CFHT" notes, for -Verbose.</summary>
            public IReadOnlyList<string> Respelled { get; }

            /// <summary>One warning per name the archive does not list, with the nearest names when there are any.</summary>
            public IReadOnlyList<string> Unknown { get; }
        }

        /// <summary>Matches <paramref name="given"/> against the archive's <paramref name="known"/> collection names.</summary>
        public static Matched Match(IReadOnlyList<string> given, IReadOnlyList<string> known)
        {
            if (given is null) throw new ArgumentNullException(nameof(given));
            if (known is null) throw new ArgumentNullException(nameof(known));
            var names = new List<string>();
            var respelled = new List<string>();
            var unknown = new List<string>();
            foreach (var raw in given)
            {
                var name = (raw ?? "").Trim();
                if (name.Length == 0) continue;
                var exact = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.Ordinal))
                    ?? known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                if (exact != null)
                {
                    if (!string.Equals(exact, name, StringComparison.Ordinal)) respelled.Add($"-Collection {name}: sent as {exact}, the archive's spelling");
                    name = exact;
                }
                else
                {
                    var near = Nearest(name, known);
                    unknown.Add($"The archive lists no collection '{name}'" + (near.Count > 0 ? $": did you mean {string.Join(" or ", near)}?" : ".")
                        + " It is searched for as typed; Get-CadcCollection lists the archive's collections.");
                }
                if (!names.Contains(name, StringComparer.Ordinal)) names.Add(name);
            }
            return new Matched(names, respelled, unknown);
        }

        /// <summary>The known names closest to <paramref name="name"/> (case ignored): at most two edits away, or one for names of up to three letters; at most three.</summary>
        public static IReadOnlyList<string> Nearest(string name, IReadOnlyList<string> known)
        {
            var limit = name.Length <= 3 ? 1 : 2;
            var scored = new List<(string Name, int Distance)>();
            foreach (var k in known)
            {
                // Bounded: collection names are short, and a long typed name cannot be a near miss of any.
                if (Math.Abs(k.Length - name.Length) > limit || k.Length > 64) continue;
                var d = Distance(name.ToUpperInvariant(), k.ToUpperInvariant());
                if (d <= limit) scored.Add((k, d));
            }
            return scored.OrderBy(s => s.Distance).ThenBy(s => s.Name, StringComparer.Ordinal).Take(3).Select(s => s.Name).ToList();
        }

        /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours (CHFT is one edit from CFHT).</summary>
        internal static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    var best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = Math.Min(best, d[i - 2, j - 2] + 1);
                    d[i, j] = best;
                }
            }
            return d[a.Length, b.Length];
        }
    }
}
