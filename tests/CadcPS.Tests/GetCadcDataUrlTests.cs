using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Get-CadcDataUrl: DataLink through the registry's caom2ops, against the sandbox.</summary>
    public sealed class GetCadcDataUrlTests
    {

        [Fact]
        public void Nr3491_1sPlanes_GiveTheirFiles_InOneRequest()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Search-CadcRegion '131.28125 54.3' -Collection CFHT | Get-CadcDataUrl -Verbose").AssertNoErrors();
            Assert.Equal(4, r.Output.Count);
            Assert.All(r.Output, o => Assert.Equal("#this", RunResult.Value(o, "Semantics")));
            Assert.All(r.Output, o => Assert.Matches("^http://127\\.0\\.0\\.1:8089/getproduct/caom2/data/files/CFHT/.*\\.fits$", (string)RunResult.Value(o, "Url")!));
            Assert.All(r.Output, o => Assert.Equal("image/fits", RunResult.Value(o, "ContentType")));
            Assert.All(r.Output, o => Assert.True((long)RunResult.Value(o, "ContentLength")! > 0));
            Assert.Single(r.Verbose, v => v.StartsWith("GET ", StringComparison.Ordinal) && v.Contains("/dlmeta?") && v.Contains("REQUEST=downloads-only"));
        }

        [Fact]
        public void Auxiliaries_AndASemanticsFilter()
        {
            using var e = Engine.ForSandbox();
            var all = e.Run("Search-CadcRegion '131.28125 54.3' -Collection CFHT | Get-CadcDataUrl -IncludeAuxiliaries").AssertNoErrors();
            var semantics = all.Output.Select(o => (string)RunResult.Value(o, "Semantics")!).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToArray();
            Assert.Contains("#this", semantics);
            Assert.Contains("#preview", semantics);
            Assert.DoesNotContain("#cutout", semantics);   // a service descriptor, not a file
            var previews = e.Run("Search-CadcRegion '131.28125 54.3' -Collection CFHT | Get-CadcDataUrl -Semantics preview").AssertNoErrors();
            Assert.Equal(4, previews.Output.Count);
            Assert.All(previews.Output, o => Assert.Equal("#preview", RunResult.Value(o, "Semantics")));
        }

        [Fact]
        public void ManyIds_GoInBatchesOf20()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap \"SELECT TOP 25 publisherID FROM caom2.Plane WHERE dataProductType = 'image' ORDER BY publisherID\" | Get-CadcDataUrl -Verbose").AssertNoErrors();
            Assert.Equal(2, r.Verbose.Count(v => v.StartsWith("GET ", StringComparison.Ordinal) && v.Contains("/dlmeta?")));
            Assert.Equal(25, r.Output.Select(o => RunResult.Value(o, "ID")).Distinct().Count());
        }

        [Fact]
        public void AnUnknownId_IsANonTerminatingError_AndTheOthersGoOn()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("'ivo://nosuch/x?y', 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o' | Get-CadcDataUrl");
            var error = r.SingleError();
            Assert.Equal("DataLinkIdError,CadcPS.Commands.GetCadcDataUrlCommand", error.FullyQualifiedErrorId);
            Assert.Equal("ivo://nosuch/x?y", error.TargetObject);
            Assert.Single(r.Output);
        }

        [Fact]
        public void SpectraWithoutFiles_ReportTheServersFault()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Invoke-CadcTap \"SELECT TOP 2 publisherID FROM caom2.Plane WHERE dataProductType = 'spectrum'\" | Get-CadcDataUrl");
            Assert.Equal(2, r.Errors.Count);
            Assert.All(r.Errors, x => Assert.Contains("NotFoundFault", x.Exception.Message));
        }
    }
}
