using System;
using System.IO;
using System.Linq;
using Cadc.Core.Registry;
using Xunit;

namespace Cadc.Core.Tests.Registry
{
    /// <summary>CADC's resource-caps file and VOSI capabilities documents, on the real ones.</summary>
    public sealed class RegistryDocumentTests
    {
        [Fact]
        public void ResourceCaps_OfCadc_MapsTheDefaultServices()
        {
            using var reader = File.OpenText(Fixtures.PathOf("reg/cadc-registry-server/reg-resource-caps.properties"));
            var caps = ResourceCaps.Parse(reader)!;
            Assert.True(caps.Count > 20);
            Assert.True(caps.TryGet(CadcDefaults.TapService, out var argus));
            Assert.Equal("https://ws.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/argus/capabilities", argus.AbsoluteUri);
            Assert.True(caps.TryGet("ivo://cadc.nrc.ca/caom2ops/", out var caom2ops));
            Assert.EndsWith("/caom2ops/capabilities", caom2ops.AbsolutePath);
            Assert.True(caps.TryGet("IVO://cadc.nrc.ca/gms", out var gms));
            Assert.Equal("ws-cadc.canfar.net", gms.Host);
            Assert.False(caps.TryGet("ivo://cadc.nrc.ca/nosuch", out _));
        }

        [Theory]
        [InlineData("<html><head><title>Service Unavailable</title></head><body>down</body></html>")]
        [InlineData("")]
        [InlineData("# only comments\n\n")]
        public void ResourceCaps_OfSomethingElse_IsNull(string text)
            => Assert.Null(ResourceCaps.Parse(new StringReader(text)));

        [Fact]
        public void ArgusCapabilities_AsServed_OfferTapAnonymouslyAndWithCookieOrCertificate()
        {
            using var s = File.OpenRead(Fixtures.PathOf("astroquery/astroquery/cadc/tests/data/tap_caps.xml"));
            var doc = CapabilitiesDocument.Parse(s);
            var tap = Assert.Single(doc.Find(StandardIds.Tap));
            var itf = Assert.Single(tap.Interfaces);
            Assert.Equal("https://www.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/argus", itf.AccessUrl.AbsoluteUri);
            Assert.Equal("base", itf.Use);
            Assert.True(itf.Accepts(AuthMethod.Anonymous));
            Assert.True(itf.Accepts(AuthMethod.Cookie));
            Assert.True(itf.Accepts(AuthMethod.Certificate));
            Assert.False(itf.Accepts(AuthMethod.Basic));
            var logControl = doc.Capabilities.Single(c => c.StandardId.Contains("Logging#control", StringComparison.Ordinal)).Interfaces.Single();
            Assert.False(logControl.Accepts(AuthMethod.Anonymous));
            Assert.True(logControl.Accepts(AuthMethod.Basic));
        }

        [Fact]
        public void EveryCapabilitiesFixture_ParsesOrIsRejectedAsFormatError()
        {
            var files = Fixtures.FilesContaining("capabilities").Where(f => f.EndsWith(".xml", StringComparison.Ordinal) && f.Contains("capabilities") || f.EndsWith("tap_caps.xml", StringComparison.Ordinal)).ToList();
            Assert.True(files.Count >= 20, $"only {files.Count} capabilities fixtures found");
            var parsed = 0;
            foreach (var f in files)
            {
                using var s = File.OpenRead(Fixtures.PathOf(f));
                try
                {
                    var doc = CapabilitiesDocument.Parse(s);
                    Assert.All(doc.Capabilities, c => Assert.All(c.Interfaces, i => Assert.True(i.AccessUrl.IsAbsoluteUri, f)));
                    if (doc.Capabilities.Count > 0) parsed++;
                }
                catch (FormatException)
                {
                    // bad-capabilities.xml and templates with $placeholders may be rejected; never anything else.
                }
            }
            Assert.True(parsed >= 18, $"only {parsed} of {files.Count} capabilities fixtures parsed");
        }

        [Fact]
        public void Capabilities_WithADtd_AreRejected()
        {
            const string evil = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><capabilities><capability standardID=\"&e;\"/></capabilities>";
            Assert.Throws<FormatException>(() => CapabilitiesDocument.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(evil))));
        }

        [Fact]
        public void ASecurityMethodLessInterface_IsAnonymous()
        {
            const string xml = "<vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\"><capability standardID=\"ivo://ivoa.net/std/TAP\"><interface><accessURL use=\"base\">https://example.org/tap</accessURL></interface></capability></vosi:capabilities>";
            var doc = CapabilitiesDocument.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)));
            var i = doc.Find(StandardIds.Tap).Single().Interfaces.Single();
            Assert.True(i.Accepts(AuthMethod.Anonymous));
            Assert.False(i.Accepts(AuthMethod.Basic));
        }
    }
}
