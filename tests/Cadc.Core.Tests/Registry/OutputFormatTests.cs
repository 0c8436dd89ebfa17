using System.IO;
using System.Linq;
using Cadc.Core.Registry;
using Cadc.Core.Tap;
using Xunit;

namespace Cadc.Core.Tests.Registry
{
    /// <summary>The outputFormats of TAP capabilities (TAPRegExt), on CADC's real argus document, the sandbox's and a DaCHS service's.</summary>
    public sealed class OutputFormatTests
    {
        private static Capability Tap(string path)
        {
            using var s = File.OpenRead(path);
            return CapabilitiesDocument.Parse(s).Find(StandardIds.Tap).First();
        }

        private static string RepoRoot()
        {
            var dir = new DirectoryInfo(System.AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Cadc.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("Cadc.sln not found above " + System.AppContext.BaseDirectory);
        }

        [Fact]
        public void Argus_AsServed_OffersTableDataOnly_AsItsOwnTypes()
        {
            var tap = Tap(Fixtures.PathOf("astroquery/astroquery/cadc/tests/data/tap_caps.xml"));
            Assert.Equal(new[] { "application/x-votable+xml", "text/xml", "text/csv", "text/tab-separated-values" }, tap.OutputFormats.Select(f => f.Mime));
            Assert.Equal(new[] { "votable" }, tap.OutputFormats[0].Aliases);
            Assert.Empty(tap.OutputFormats[1].Aliases);
            Assert.Equal("ivo://ivoa.net/std/TAPRegExt#output-votable-td", tap.OutputFormats[1].IvoId);
            Assert.Null(tap.OutputFormats[2].IvoId);
            Assert.Equal(new[] { true, true, false, false }, tap.OutputFormats.Select(ResponseFormats.IsVOTable));
            Assert.Equal("application/x-votable+xml", ResponseFormats.Find(tap.OutputFormats, VOTableSerialization.TableData)?.Mime);
            Assert.Null(ResponseFormats.Find(tap.OutputFormats, VOTableSerialization.Binary));
            Assert.Null(ResponseFormats.Find(tap.OutputFormats, VOTableSerialization.Binary2));
            // DaCHS's short names are not argus's: "unknown format" there
            Assert.Null(ResponseFormats.Find(tap.OutputFormats, "votable/b2"));
            Assert.Equal("text/xml", ResponseFormats.Find(tap.OutputFormats, "TEXT/XML")?.Listed);
            Assert.Equal("votable", ResponseFormats.Find(tap.OutputFormats, "VOTable")?.Listed);
            // the capability's interfaces are read as before
            Assert.Single(tap.Interfaces);
        }

        [Fact]
        public void ArgusToday_AddsParquet_StillNoBinaryVOTable()
        {
            var tap = Tap(Fixtures.PathOf("caom2/argus/src/main/webapp/capabilities.xml"));
            Assert.Contains(tap.OutputFormats, f => f.Mime == "application/vnd.apache.parquet" && f.Aliases.Contains("parquet"));
            Assert.False(ResponseFormats.IsVOTable(tap.OutputFormats.Single(f => f.Mime == "application/vnd.apache.parquet")));
            Assert.Null(ResponseFormats.Find(tap.OutputFormats, VOTableSerialization.Binary2));
        }

        [Fact]
        public void Dachs_NamesItsSerializations_ByIvoIdOrMimeParameter()
        {
            var tap = Tap(Fixtures.PathOf("pyvo/pyvo/dal/tests/data/tap/capabilities.xml"));
            // output-votable-binary on a text/xml entry: the ivo-id says which serialization
            Assert.Equal("text/xml", ResponseFormats.Find(tap.OutputFormats, VOTableSerialization.Binary)?.Mime);
            Assert.Equal("application/x-votable+xml;serialization=binary2", ResponseFormats.Find(tap.OutputFormats, VOTableSerialization.Binary2)?.Mime);
            Assert.Equal("votable/b2", ResponseFormats.Find(tap.OutputFormats, "votable/b2")?.Listed);
            Assert.False(ResponseFormats.IsVOTable(ResponseFormats.Find(tap.OutputFormats, "csv")!.Value.Format));
            // a VOTable with other parameters (a VO-DML annotated one) is a VOTable of no stated serialization
            var vodml = ResponseFormats.Find(tap.OutputFormats, "vodml")!.Value.Format;
            Assert.True(ResponseFormats.IsVOTable(vodml));
            Assert.Null(ResponseFormats.SerializationOf(vodml));
        }

        [Fact]
        public void TheSandbox_OffersAllThree()
        {
            var tap = Tap(Path.Combine(RepoRoot(), "tests", "sandbox", "registry", "reg", "argus", "capabilities"));
            Assert.Equal("application/x-votable+xml;serialization=TABLEDATA", ResponseFormats.Find(tap.OutputFormats, VOTableSerialization.TableData)?.Mime);
            Assert.Equal("application/x-votable+xml", ResponseFormats.Find(tap.OutputFormats, VOTableSerialization.Binary)?.Mime);
            Assert.Equal("application/x-votable+xml;serialization=BINARY2", ResponseFormats.Find(tap.OutputFormats, VOTableSerialization.Binary2)?.Mime);
            Assert.Equal("application/x-votable+xml;serialization=BINARY2", ResponseFormats.Find(tap.OutputFormats, "application/x-votable+xml; serialization=binary2")?.Listed);
        }

        [Theory]
        [InlineData("TableData", VOTableSerialization.TableData)]
        [InlineData("tabledata", VOTableSerialization.TableData)]
        [InlineData("BINARY", VOTableSerialization.Binary)]
        [InlineData(" binary2 ", VOTableSerialization.Binary2)]
        public void FriendlyNames_AreTheSerializations(string text, VOTableSerialization expected)
        {
            Assert.True(ResponseFormats.TryParseSerialization(text, out var s));
            Assert.Equal(expected, s);
        }

        [Theory]
        [InlineData("1")]
        [InlineData("votable/td")]
        [InlineData("")]
        public void OtherTexts_AreNotSerializationNames(string text) => Assert.False(ResponseFormats.TryParseSerialization(text, out _));

        [Fact]
        public void WithoutCapabilities_TheIvoaTypesAreUsed()
            => Assert.Equal("application/x-votable+xml;serialization=BINARY2", ResponseFormats.StandardMime(VOTableSerialization.Binary2));
    }
}
