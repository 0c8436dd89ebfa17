using System;

namespace Cadc.Core.Geometry
{
    /// <summary>A DALI interval (xtype="interval", double[2]): lower and upper bound. Immutable.</summary>
    public sealed class Interval : IEquatable<Interval>
    {
        public Interval(double lower, double upper) { Lower = lower; Upper = upper; }

        public double Lower { get; }
        public double Upper { get; }

        /// <summary>DALI text: "lower upper" (invariant culture, round-trip format).</summary>
        public override string ToString() => Dali.Join(Lower, Upper);

        public bool Equals(Interval? other) => other is object && Lower.Equals(other.Lower) && Upper.Equals(other.Upper);
        public override bool Equals(object? obj) => Equals(obj as Interval);
        public override int GetHashCode() => Lower.GetHashCode() * 397 ^ Upper.GetHashCode();
    }
}
