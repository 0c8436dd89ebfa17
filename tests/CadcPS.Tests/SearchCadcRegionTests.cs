using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Search-CadcRegion against the sandbox, with astroquery's region semantics.</summary>
    public sealed class SearchCadcRegionTests
    {

        private static string[] Planes(RunResult r) => r.Output.Select(o => (string)RunResult.Value(o, "planeURI")!).OrderBy(x => x, StringComparer.Ordinal).ToArray();

        [Fact]
        public void Nr3491_1_FindsItsPlanes_NeverTheJunkOne()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Search-CadcRegion '08h45m07.5s +54d18m00s' -Collection CFHT").AssertNoErrors();
            // The sandbox puts 5 planes on Nr3491_1, one of them junk: astroquery's query finds 4.
            Assert.Equal(4, r.Output.Count);
            Assert.All(r.Output, o => Assert.Equal("Nr3491_1", RunResult.Value(o, "target_name")));
            Assert.All(r.Output, o => Assert.NotEqual("junk", RunResult.Value(o, "quality_flag")));
            Assert.All(r.Output, o => Assert.Equal("CadcPS.Observation", o.TypeNames[0]));
            var junk = e.Run("Invoke-CadcTap \"SELECT COUNT(*) AS n FROM caom2.Observation o JOIN caom2.Plane p ON o.obsID = p.obsID WHERE o.target_name = 'Nr3491_1' AND p.quality_flag = 'junk'\"").AssertNoErrors();
            Assert.Equal(1L, Convert.ToInt64(RunResult.Value(junk.Output.Single(), "n")));
        }

        [Fact]
        public void WithoutACollection_TheNearbyGeminiPlaneComesToo()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Search-CadcRegion '131.28125 54.3'").AssertNoErrors();
            Assert.Contains(r.Output, o => (string?)RunResult.Value(o, "collection") == "GEMINI");
            Assert.Equal(4, r.Output.Count(o => (string?)RunResult.Value(o, "collection") == "CFHT"));
        }

        [Theory]
        [InlineData("'131.28125 54.3'")]
        [InlineData("'131.28125, 54.3'")]
        [InlineData("'08:45:07.5 +54:18:00'")]
        [InlineData("'08h45m07.5s +54d18m00s'")]
        [InlineData("'08 45 07.5 +54 18 00'")]
        [InlineData("Nr3491_1")]
        public void CoordinatesAsAstronomersTypeThem_AndNames_GiveTheSameResult(string coordinates)
        {
            using var e = Engine.ForSandbox();
            var r = e.Run($"Search-CadcRegion {coordinates} -Radius 1arcmin -Collection CFHT").AssertNoErrors();
            Assert.Equal(4, r.Output.Count);
        }

        [Fact]
        public void GalacticInput_EqualsItsIcrsEquivalent()
        {
            using var e = Engine.ForSandbox();
            // (l, b) of RA 131.28125 Dec 54.3, computed with astropy (SkyCoord(...).galactic).
            var galactic = e.Run("Search-CadcRegion '163.6584099532788 38.132594105230744' -Frame Galactic -Collection CFHT").AssertNoErrors();
            var icrs = e.Run("Search-CadcRegion '131.28125 54.3' -Collection CFHT").AssertNoErrors();
            Assert.Equal(4, icrs.Output.Count);
            Assert.Equal(Planes(icrs), Planes(galactic));
            var q = (string)e.Run("Search-CadcRegion '163.6584099532788 38.132594105230744' -Frame Galactic -AsQuery").AssertNoErrors().Output.Single().BaseObject;
            var m = System.Text.RegularExpressions.Regex.Match(q, @"CIRCLE\('ICRS', (?<ra>[-\d.E]+), (?<dec>[-\d.E]+), ");
            Assert.InRange(double.Parse(m.Groups["ra"].Value, System.Globalization.CultureInfo.InvariantCulture), 131.28125 - 1e-4, 131.28125 + 1e-4);
            Assert.InRange(double.Parse(m.Groups["dec"].Value, System.Globalization.CultureInfo.InvariantCulture), 54.3 - 1e-4, 54.3 + 1e-4);
        }

        [Fact]
        public void AName_IsResolvedThroughTheResolverInTheRegistry()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Search-CadcRegion M31 -Radius 0.1 -Verbose").AssertNoErrors();
            Assert.NotEmpty(r.Output);
            Assert.Contains(r.Verbose, v => v.Contains("/cadc-target-resolver/find?target=M31"));
            Assert.Contains(r.Output, o => ((string?)RunResult.Value(o, "target_name"))?.StartsWith("M31", StringComparison.Ordinal) == true);
            var q = (string)e.Run("Search-CadcRegion Andromeda -Radius 0.1 -AsQuery").AssertNoErrors().Output.Single().BaseObject;
            Assert.Contains("CIRCLE('ICRS', 10.684708, 41.26875, 0.1)", q);
        }

        [Fact]
        public void TheResolver_IsConfigurable()
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "text/plain";
                await LoopbackServer.WriteAsync(ctx.Response, "target=Somewhere\nservice=test\ncoordsys=ICRS\nra=131.28125\ndec=54.3\n");
            });
            using var e = new Engine();
            var q = (string)e.Run("Search-CadcRegion Somewhere -Resolver $u -AsQuery", new Dictionary<string, object?> { ["u"] = server.BaseUrl + "/find" }).AssertNoErrors().Output.Single().BaseObject;
            Assert.Contains("CIRCLE('ICRS', 131.28125, 54.3, ", q);
            Assert.StartsWith("/find?target=Somewhere&service=all&format=ascii", server.Requests.Single().PathAndQuery);
        }

        [Fact]
        public void AnUnknownName_IsTargetNotResolved()
        {
            using var e = Engine.ForSandbox();
            var error = e.Run("Search-CadcRegion 'No Such Object 42'").SingleError();
            Assert.Equal("TargetNotResolved,CadcPS.Commands.SearchCadcRegionCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("No Such Object 42", error.TargetObject);
        }

        [Theory]
        [InlineData("'400 20'", "InvalidCoordinates")]
        [InlineData("'10 95'", "InvalidCoordinates")]
        [InlineData("'25:00:00 +10:00:00'", "InvalidCoordinates")]
        [InlineData("'10:61:00 +10:00:00'", "InvalidCoordinates")]
        [InlineData("'10 20' -Radius 0", "InvalidRadius")]
        [InlineData("'10 20' -Radius -1", "InvalidRadius")]
        [InlineData("'10 20' -Radius 45deg", "InvalidRadius")]
        [InlineData("'10 20' -Radius 2furlongs", "InvalidRadius")]
        public void BadInput_GivesATypedError_WithoutAnyRequest(string args, string errorId)
        {
            using var e = new Engine();
            var r = e.Run("Search-CadcRegion " + args + " -Service http://127.0.0.1:9/tap");
            var error = r.SingleError();
            Assert.Equal(errorId + ",CadcPS.Commands.SearchCadcRegionCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Empty(r.Output);
        }

        [Theory]
        [InlineData("0.1", "0.1")]
        [InlineData("2arcmin", "0.03333333333333333")]
        [InlineData("30arcsec", "0.008333333333333333")]
        [InlineData("0.1deg", "0.1")]
        public void Radius_TakesDegreesOrUnits(string radius, string degrees)
        {
            using var e = new Engine();
            var q = (string)e.Run($"Search-CadcRegion '10 20' -Radius {radius} -AsQuery").AssertNoErrors().Output.Single().BaseObject;
            Assert.Contains($"CIRCLE('ICRS', 10, 20, {degrees})", q);
        }

        [Fact]
        public void AsQuery_IsAstroquerysQuery_WithEscapedFilters()
        {
            using var e = new Engine();
            var q = (string)e.Run("Search-CadcRegion '10.684 41.269' -Collection CFHT, \"O'Brien\" -DataProductType image -AsQuery").AssertNoErrors().Output.Single().BaseObject;
            Assert.Equal("SELECT * FROM caom2.Observation AS o JOIN caom2.Plane AS p ON o.obsID = p.obsID WHERE INTERSECTS(CIRCLE('ICRS', 10.684, 41.269, 0.016666666666666666), p.position_bounds) = 1 " +
                "AND (p.quality_flag IS NULL OR p.quality_flag != 'junk') AND o.collection IN ('CFHT', 'O''Brien') AND p.dataProductType = 'image'", q);
        }

        [Fact]
        public void ObjectsWithRaDecProperties_BindFromThePipeline()
        {
            using var e = Engine.ForSandbox();
            // numbers, CSV-like text, and sexagesimal text, under the property names catalogues use
            var r = e.Run(
                "@([pscustomobject]@{ ra = 131.28125; dec = 54.3 }, [pscustomobject]@{ RAJ2000 = '131.28125'; DEJ2000 = '54.3' }, [pscustomobject]@{ s_ra = '08:45:07.5'; s_dec = '+54:18:00'; name = 'x' }) | Search-CadcRegion -Radius 1arcmin -Collection CFHT").AssertNoErrors();
            Assert.Equal(12, r.Output.Count);
            Assert.All(r.Output, o => Assert.Equal("Nr3491_1", RunResult.Value(o, "target_name")));
            var error = e.Run("[pscustomobject]@{ x = 1 } | Search-CadcRegion").SingleError();
            Assert.StartsWith("InvalidCoordinates,", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void DataProductType_Filters()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Search-CadcRegion M31 -Radius 1 -DataProductType spectrum -MaxRecords 1000").AssertNoErrors();
            Assert.All(r.Output, o => Assert.Equal("spectrum", RunResult.Value(o, "dataProductType")));
        }

        [Fact]
        public void Collection_TabCompletesFromTheArchive()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("$s = 'Search-CadcRegion M31 -Collection J'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText").AssertNoErrors();
            Assert.Equal(new[] { "JCMT" }, r.Output.Select(o => o.ToString()).ToArray());
        }

        // ------------------------------------------------------------------ which input each row is for (issue 18, item 1)

        [Fact]
        public void PipedNamesOnly_EachRowSaysItsTarget_AndItsSeparationInArcsec()
        {
            using var e = Engine.ForSandbox();
            // What Import-Csv gives for a CSV with only a name column: before, InvalidCoordinates (no coordinate properties).
            var r = e.Run("@([pscustomobject]@{ name = 'M31' }, [pscustomobject]@{ Target = 'Nr3491_1' }) | Search-CadcRegion -Radius 0.05").AssertNoErrors();
            var m31 = e.Run("Search-CadcRegion M31 -Radius 0.05").AssertNoErrors().Output.Count;
            Assert.Equal(m31, r.Output.Count(o => (string?)RunResult.Value(o, "SearchTarget") == "M31"));
            Assert.Equal(5, r.Output.Count(o => (string?)RunResult.Value(o, "SearchTarget") == "Nr3491_1"));
            Assert.Equal(r.Output.Count, r.Output.Count(o => RunResult.Value(o, "SeparationArcsec") is double));
            // A footprint meets a 0.05-degree circle: its centre is within the circle plus the footprint's own size (2 degrees).
            Assert.All(r.Output, o => Assert.InRange((double)RunResult.Value(o, "SeparationArcsec")!, 0, 2 * 3600));
        }

        [Fact]
        public void TheSeparation_IsFromTheCentreToTheFootprintsCentre()
        {
            using var e = Engine.ForSandbox();
            var row = e.Run("Search-CadcRegion '10.684708 41.26875' -Radius 0.05 -Collection DAO").AssertNoErrors().Output.Single();
            Assert.Equal("10.684708 41.26875", RunResult.Value(row, "SearchTarget"));
            // The DAO plane's footprint is RA 10.516..10.836, Dec 41.166..41.406: centre (10.6759, 41.2866).
            var v = ((System.Collections.IEnumerable)PSObject.AsPSObject(RunResult.Value(row, "position_bounds")!).Properties["Vertices"].Value)
                .Cast<object>().Select(PSObject.AsPSObject).ToList();
            double ra = v.Average(p => (double)p.Properties["Ra"].Value), dec = v.Average(p => (double)p.Properties["Dec"].Value);
            var expected = 180 / Math.PI * 2 * Math.Asin(Math.Sqrt(Math.Pow(Math.Sin((dec - 41.26875) * Math.PI / 360), 2)
                + Math.Cos(41.26875 * Math.PI / 180) * Math.Cos(dec * Math.PI / 180) * Math.Pow(Math.Sin((ra - 10.684708) * Math.PI / 360), 2)));
            // (to 0.001 degree, 3.6 arcsec: a flat average of the vertices, not the unit-vector mean, shifts the centre a little)
            Assert.InRange((double)RunResult.Value(row, "SeparationArcsec")!, expected * 3600 - 3.6, expected * 3600 + 3.6);
        }

        [Fact]
        public void APipedObjectWithANameAndCoordinates_IsSearchedAtItsCoordinates_AndLabelledByItsName()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("[pscustomobject]@{ object = 'my field'; ra = 131.28125; dec = 54.3 } | Search-CadcRegion -Collection CFHT").AssertNoErrors();
            Assert.Equal(4, r.Output.Count);
            Assert.All(r.Output, o => Assert.Equal("my field", RunResult.Value(o, "SearchTarget")));
            var bare = e.Run("@{ ra = 131.28125; dec = 54.3 } | Search-CadcRegion -Collection CFHT").AssertNoErrors();
            Assert.All(bare.Output, o => Assert.Equal("131.28125 54.3", RunResult.Value(o, "SearchTarget")));
        }

        [Fact]
        public void AnObjectWithNeitherCoordinatesNorAName_IsInvalidCoordinates()
        {
            using var e = Engine.ForSandbox();
            Assert.Equal("InvalidCoordinates", e.Run("[pscustomobject]@{ colour = 'red' } | Search-CadcRegion").SingleError().FullyQualifiedErrorId.Split(',')[0]);
        }

        [Fact]
        public void AgainstCadc_ShapeTextFootprints_GiveTheSeparationToo()
        {
            // CADC's argus gives position_bounds as char xtype="shape" DALI text (argus-columns-main.csv), not DaCHS's double[*].
            using var d = new CadcDouble();
            const string body = @"<?xml version=""1.0"" encoding=""UTF-8""?>
<VOTABLE xmlns=""http://www.ivoa.net/xml/VOTable/v1.3"" version=""1.4""><RESOURCE type=""results""><INFO name=""QUERY_STATUS"" value=""OK""/>
<TABLE><FIELD name=""collection"" datatype=""char"" arraysize=""32*""/><FIELD name=""publisherID"" datatype=""char"" arraysize=""*"" xtype=""uri""/>
<FIELD name=""position_bounds"" datatype=""char"" arraysize=""*"" xtype=""shape"" unit=""deg""/>
<DATA><TABLEDATA><TR><TD>CFHT</TD><TD>ivo://cadc.nrc.ca/CFHT?1/1p</TD><TD>polygon 10.6 41.2 10.8 41.2 10.8 41.4 10.6 41.4</TD></TR>
<TR><TD>JCMT</TD><TD>ivo://cadc.nrc.ca/JCMT?2/2</TD><TD>circle 10.68479 41.36906 0.1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
            d.Route("/argus/sync", (ctx, _) => CadcDouble.AnswerAsync(ctx, 200, "application/x-votable+xml", body));
            using var e = new Engine();
            var rows = e.Run("Search-CadcRegion M31 -Radius 0.1 -RegistryUrl $reg", Engine.Vars(("reg", d.RegistryUrl))).AssertNoErrors().Output;
            Assert.Equal(2, rows.Count);
            Assert.All(rows, o => Assert.Equal("M31", RunResult.Value(o, "SearchTarget")));
            Assert.Equal(360, (double)RunResult.Value(rows[1], "SeparationArcsec")!, 6);
            Assert.InRange((double)RunResult.Value(rows[0], "SeparationArcsec")!, 0.02 * 3600, 0.04 * 3600);
        }
    }
}
