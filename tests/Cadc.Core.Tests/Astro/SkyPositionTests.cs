using System;
using Cadc.Core.Adql;
using Cadc.Core.Astro;
using Cadc.Core.Errors;
using Xunit;

namespace Cadc.Core.Tests.Astro
{
    public sealed class SkyPositionTests
    {
        [Theory]
        [InlineData("10.684 41.269", 10.684, 41.269)]
        [InlineData("10.684, 41.269", 10.684, 41.269)]
        [InlineData("10.684d -41.269d", 10.684, -41.269)]
        [InlineData("00:42:44.3 +41:16:09", 10.684583333333332, 41.26916666666666)]
        [InlineData("00h42m44.3s +41d16m09s", 10.684583333333332, 41.26916666666666)]
        [InlineData("00 42 44.3 +41 16 09", 10.684583333333332, 41.26916666666666)]
        [InlineData("12:00:00 -00:30:00", 180, -0.5)]
        public void Parses_WhatAstronomersType(string text, double ra, double dec)
        {
            var p = SkyPosition.Parse(text);
            Assert.Equal(ra, p.Ra, 9);
            Assert.Equal(dec, p.Dec, 9);
        }

        // Expected values from astropy: SkyCoord(l, b, frame='galactic').icrs
        [Theory]
        [InlineData(0, 0, 266.4049882865447, -28.936177761791456)]
        [InlineData(121.1743, -21.5733, 10.684671972159745, 41.26875781112735)]
        [InlineData(180, 60, 159.88330735443688, 39.55444040468403)]
        [InlineData(300.5, -45.25, 18.340456785809117, -71.77458611164153)]
        public void Galactic_ConvertsToIcrs_AsAstropyDoes(double l, double b, double ra, double dec)
        {
            var p = SkyPosition.FromFrame(l, b, SkyFrame.Galactic);
            // within 0.1 arcsec of astropy (which goes through FK4; the Hipparcos matrix is ICRS-native)
            Assert.InRange(Math.Abs(p.Ra - ra) * Math.Cos(dec * Math.PI / 180), 0, 0.1 / 3600);
            Assert.InRange(Math.Abs(p.Dec - dec), 0, 0.1 / 3600);
        }

        [Theory]
        [InlineData("")]
        [InlineData("M31")]
        [InlineData("400 20")]
        [InlineData("10 95")]
        [InlineData("24:00:00 +10:00:00")]
        [InlineData("10:60:00 +10:00:00")]
        [InlineData("10 20 30")]
        public void Rejects_BadCoordinates_WithATypedError(string text)
        {
            var ex = Assert.Throws<CadcException>(() => SkyPosition.Parse(text));
            Assert.Equal(ErrorIds.InvalidCoordinates, ex.ErrorId);
            Assert.Equal(CadcErrorKind.InvalidArgument, ex.Kind);
        }

        [Theory]
        [InlineData("0.1", 0.1)]
        [InlineData("2arcmin", 2.0 / 60)]
        [InlineData("30arcsec", 30.0 / 3600)]
        [InlineData("30\"", 30.0 / 3600)]
        [InlineData("1'", 1.0 / 60)]
        [InlineData("0.1deg", 0.1)]
        [InlineData(" 5 arcsec ", 5.0 / 3600)]
        public void Angles_ParseWithUnits(string text, double degrees) => Assert.Equal(degrees, AngleText.ParseDegrees(text), 12);

        [Theory]
        [InlineData("abc")]
        [InlineData("2 furlongs")]
        [InlineData("")]
        public void Angles_RejectNonsense(string text) => Assert.Equal(ErrorIds.InvalidRadius, Assert.Throws<CadcException>(() => AngleText.ParseDegrees(text)).ErrorId);

        [Fact]
        public void Adql_LiteralsAndPatterns_AreEscaped()
        {
            Assert.Equal("'O''Brien'", AdqlText.Literal("O'Brien"));
            Assert.Throws<ArgumentException>(() => AdqlText.Literal("a\nb"));
            Assert.Equal(@"m31\_%", AdqlText.LikePattern("m31_*"));
            Assert.Equal(@"100\%_", AdqlText.LikePattern("100%?"));
            Assert.Equal("a*b", AdqlText.LikePattern("a`*b"));
            Assert.Equal(@"%x\\y%", AdqlText.ContainsPattern(@"x\y"));
            Assert.True(AdqlText.HasWildcards("a*"));
            Assert.False(AdqlText.HasWildcards("a`*"));
        }

        [Fact]
        public void ResolverAnswers_Parse()
        {
            var t = TargetResolver.Parse("M31", "target=m31\nservice=Simbad(simbad)\ncoordsys=ICRS\nra=10.684708\ndec=41.26875\noType=AGN\ntime(ms)=3\n");
            Assert.Equal(10.684708, t.Position.Ra);
            Assert.Equal(41.26875, t.Position.Dec);
            Assert.Equal("AGN", t.ObjectType);
            Assert.Equal(ErrorIds.TargetNotResolved, Assert.Throws<CadcException>(() => TargetResolver.Parse("x", "target=x\nerror=Target not found\n")).ErrorId);
            Assert.Equal(ErrorIds.InvalidResponse, Assert.Throws<CadcException>(() => TargetResolver.Parse("x", "<html>oops</html>")).ErrorId);
        }
    }
}
