namespace Cadc.Core.Astro
{
    /// <summary>The celestial frames coordinates may be given in. FK5 (J2000) is taken as ICRS, as astroquery does.</summary>
    public enum SkyFrame
    {
        ICRS,
        FK5,
        Galactic,
    }
}
