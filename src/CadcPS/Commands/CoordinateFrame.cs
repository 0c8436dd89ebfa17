namespace CadcPS.Commands
{
    /// <summary>
    /// The frame of typed coordinates. The module's own type (not Core's), because PowerShell reads
    /// parameter types before the module's dependency resolver exists.
    /// </summary>
    public enum CoordinateFrame
    {
        ICRS,
        /// <summary>FK5 J2000, taken as ICRS (as astroquery does).</summary>
        FK5,
        Galactic,
    }
}
