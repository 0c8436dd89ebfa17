using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace Cadc.Core.Geometry
{
    /// <summary>A DALI polygon (xtype="polygon", double[*]; or STC-S "Polygon" text): its vertices in degrees. Immutable.</summary>
    public sealed class SkyPolygon : IEquatable<SkyPolygon>
    {
        public SkyPolygon(IEnumerable<SkyPoint> vertices)
        {
            if (vertices is null) throw new ArgumentNullException(nameof(vertices));
            var copy = new List<SkyPoint>(vertices);
            foreach (var v in copy) if (v is null) throw new ArgumentException("A vertex is null.", nameof(vertices));
            Vertices = new ReadOnlyCollection<SkyPoint>(copy);
        }

        public IReadOnlyList<SkyPoint> Vertices { get; }

        /// <summary>DALI text: "ra1 dec1 ra2 dec2 ..." (invariant culture, round-trip format).</summary>
        public override string ToString()
        {
            var sb = new StringBuilder();
            foreach (var v in Vertices)
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(v);
            }
            return sb.ToString();
        }

        public bool Equals(SkyPolygon? other)
        {
            if (other is null || other.Vertices.Count != Vertices.Count) return false;
            for (var i = 0; i < Vertices.Count; i++) if (!Vertices[i].Equals(other.Vertices[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as SkyPolygon);

        public override int GetHashCode()
        {
            var h = 17;
            foreach (var v in Vertices) h = h * 31 + v.GetHashCode();
            return h;
        }
    }
}
