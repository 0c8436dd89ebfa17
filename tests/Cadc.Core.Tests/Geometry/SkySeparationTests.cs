using Cadc.Core.Geometry;
using Xunit;

namespace Cadc.Core.Tests.Geometry
{
    public sealed class SkySeparationTests
    {
        // Expected values from the haversine formula (an independent formula), in degrees
        [Theory]
        [InlineData(0, 0, 1, 1, 1.414177660952114)]
        [InlineData(10.684708, 41.26875, 10.729, 41.222, 0.057398970593179846)]
        [InlineData(131.28125, 54.3, 131.3, 54.31, 0.014821778058724698)]
        [InlineData(0, 0, 180, 0, 180)]
        [InlineData(359.99, 0, 0.01, 0, 0.02)]
        [InlineData(10, 41, 10, 41, 0)]
        public void Degrees_IsTheGreatCircleDistance(double ra1, double dec1, double ra2, double dec2, double expected)
            => Assert.Equal(expected, SkySeparation.Degrees(ra1, dec1, ra2, dec2), 9);

        [Fact]
        public void CenterOf_ReadsCadcShapeTextAndDachsPolygonsAlike()
        {
            // CADC's position_bounds: DALI shape text (xtype shape); DaCHS's: a double[*] polygon. The row path turns both into SkyPolygon.
            var cadc = Dali.FromText("polygon 10.6 41.2 10.8 41.2 10.8 41.4 10.6 41.4");
            var dachs = Dali.FromDoubles("polygon", new[] { 10.6, 41.2, 10.8, 41.2, 10.8, 41.4, 10.6, 41.4 });
            var a = SkySeparation.CenterOf(cadc)!;
            var b = SkySeparation.CenterOf(dachs)!;
            Assert.Equal(a, b);
            Assert.Equal(10.7, a.Ra, 6);
            Assert.Equal(41.3, a.Dec, 2);
            Assert.Equal(0.0, SkySeparation.FromCenterOf(10.7, 41.3, Dali.FromText("circle 10.7 41.3 0.5"))!.Value, 9);
        }

        [Fact]
        public void CenterOf_APolygonAcrossRaZero_IsNearRaZero()
        {
            var c = SkySeparation.CenterOf(Dali.FromDoubles("polygon", new[] { 359.9, -0.1, 0.1, -0.1, 0.1, 0.1, 359.9, 0.1 }))!;
            Assert.True(c.Ra < 1e-9 || c.Ra > 360 - 1e-9, c.Ra.ToString());
            Assert.Equal(0, c.Dec, 9);
        }

        [Fact]
        public void CenterOf_ShapesItCannotRead_IsNull()
        {
            Assert.Null(SkySeparation.CenterOf("box 10 20 1 1"));
            Assert.Null(SkySeparation.CenterOf(null));
            Assert.Null(SkySeparation.FromCenterOf(1, 2, null));
        }
    }
}
