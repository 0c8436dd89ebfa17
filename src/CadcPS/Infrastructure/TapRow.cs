namespace CadcPS
{
    /// <summary>
    /// The base class of every result row class (see <see cref="Infrastructure.RowTypeBuilder"/>): a row is
    /// <c>-is [CadcPS.TapRow]</c> and has "CadcPS.TapRow" among its type names, whatever its shape's own type name
    /// (CadcPS.TapRow#3, CadcPS.Observation). No properties of its own: a row's properties are its columns.
    /// </summary>
    public abstract class TapRow
    {
        /// <summary>For the row classes.</summary>
        protected TapRow()
        {
        }

        /// <summary>@{col=value; ...}, as a PSCustomObject shows ("$row", -join), not the class name.</summary>
        public override string ToString() => Infrastructure.RowText.Format(this);
    }
}
