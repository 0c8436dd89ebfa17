using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.DataLink;
using Cadc.Core.Tests.Reliability;
using Xunit;

namespace Cadc.Core.Tests.DataLink
{
    /// <summary>Cutout services from DataLink service descriptors: CADC's real caom2ops answer, and the sandbox's.</summary>
    public sealed class CutoutServiceTests
    {
        private static async Task<(Dictionary<string, CutoutService> Services, List<DataLinkRow> Errors)> ReadAsync(Uri datalink, params string[] ids)
        {
            var context = new CadcContext();
            var call = new CadcCall(context, NullLog.Instance, CancellationToken.None, service: datalink.AbsoluteUri);
            var service = await DataLinkService.ResolveAsync(call);
            var services = new Dictionary<string, CutoutService>();
            var errors = new List<DataLinkRow>();
            await service.ReadCutoutServicesAsync(ids, (id, s) => services[id] = s, errors.Add, call);
            return (services, errors);
        }

        [Fact]
        public async Task CadcsOwnAnswer_GivesTheSyncSodaService_WithItsOwnIdAndRunId()
        {
            // A real caom2ops DataLink answer (pyvo's test data): the SODA ID is the file's ad: URI, not the
            // publisher ID, and a sync and an async #cutout service are both offered.
            var body = File.ReadAllBytes(Fixtures.PathOf("pyvo/pyvo/dal/tests/data/datalink/cutout1.xml"));
            var id = ReadFirstId(body);
            using var server = new RawHttpServer(async (request, connection) =>
                await connection.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/x-votable+xml\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n").Concat(body).ToArray()));
            var (services, errors) = await ReadAsync(server.Url("/caom2ops/datalink"), id);
            Assert.Empty(errors);
            var url = services[id].UrlFor("CIRCLE 88.77 -67.78 0.01");
            Assert.Equal("https://www.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/caom2ops/sync", url.GetLeftPart(UriPartial.Path));
            Assert.Equal("ID=ad%3AMACHO%2Fcal054150r.fits.fz&RUNID=e3h6rssb161oyf7j&POS=CIRCLE%2088.77%20-67.78%200.01", url.Query.TrimStart('?'));
            Assert.DoesNotContain("downloads-only", server.Requests.Single().Target, StringComparison.Ordinal); // that would drop the descriptors
        }

        [Fact]
        public async Task TheSandbox_GivesEachPlaneItsCutoutService_AndAnErrorForAPlaneWithoutFile()
        {
            var sandbox = new Uri("http://127.0.0.1:8089/caom2/q/sync/dlmeta");
            const string image = "ivo://cadc.nrc.ca/CFHT?2376543/2376543o", other = "ivo://cadc.nrc.ca/CFHT?2376543/2376543p", none = "ivo://cadc.nrc.ca/CFHT?0/none";
            var (services, errors) = await ReadAsync(sandbox, image, other, none);
            Assert.Equal(new[] { image, other }, services.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("http://127.0.0.1:8089/caom2/q/sync/dlget?ID=" + Uri.EscapeDataString(image) + "&POS=CIRCLE%20131.28%2054.3%200.01",
                services[image].UrlFor("CIRCLE 131.28 54.3 0.01").AbsoluteUri);
            Assert.Equal(none, Assert.Single(errors).Id);
        }

        private static string ReadFirstId(byte[] votable)
        {
            using var reader = Cadc.Core.VOTable.VOTableReader.Open(new MemoryStream(votable));
            return (string)reader.ReadRow()![0]!;
        }
    }
}
