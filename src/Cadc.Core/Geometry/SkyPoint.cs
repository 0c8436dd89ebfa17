using System;

namespace Cadc.Core.Geometry
{
    /// <summary>A DALI point (xtype="point", double[2]; or STC-S "Position" text): longitude and latitude in degrees. Immutable.</summary>
    public sealed class SkyPoint : IEquatable<SkyPoint>
    {
        public SkyPoint(double ra, double dec) { Ra = ra; Dec = dec; }

        public double Ra { get; }
        public double Dec { get; }

        /// <summary>DALI text: "ra dec" (invariant culture, round-trip format).</summary>
        public override string ToString() => Dali.Join(Ra, Dec);

        public bool Equals(SkyPoint? other) => other is object && Ra.Equals(other.Ra) && Dec.Equals(other.Dec);
        public override bool Equals(object? obj) => Equals(obj as SkyPoint);
        public override int GetHashCode() => Ra.GetHashCode() * 397 ^ Dec.GetHashCode();
    }
}
