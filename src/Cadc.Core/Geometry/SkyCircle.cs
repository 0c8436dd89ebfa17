using System;

namespace Cadc.Core.Geometry
{
    /// <summary>A DALI circle (xtype="circle", double[3]; or STC-S "Circle" text): centre and radius in degrees. Immutable.</summary>
    public sealed class SkyCircle : IEquatable<SkyCircle>
    {
        public SkyCircle(double ra, double dec, double radius) { Ra = ra; Dec = dec; Radius = radius; }

        public double Ra { get; }
        public double Dec { get; }
        public double Radius { get; }

        /// <summary>DALI text: "ra dec radius" (invariant culture, round-trip format).</summary>
        public override string ToString() => Dali.Join(Ra, Dec, Radius);

        public bool Equals(SkyCircle? other) => other is object && Ra.Equals(other.Ra) && Dec.Equals(other.Dec) && Radius.Equals(other.Radius);
        public override bool Equals(object? obj) => Equals(obj as SkyCircle);
        public override int GetHashCode() => (Ra.GetHashCode() * 397 ^ Dec.GetHashCode()) * 397 ^ Radius.GetHashCode();
    }
}
