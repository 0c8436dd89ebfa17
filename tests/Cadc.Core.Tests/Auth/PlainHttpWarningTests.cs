using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Auth;
using Cadc.Core.Tests.Reliability;
using Xunit;

namespace Cadc.Core.Tests.Auth
{
    /// <summary>
    /// Connect-Cadc says so (a warning, not a verbose line) when a password would cross a network in clear: a login service
    /// or, for HTTP Basic, a data service on plain http. Loopback never leaves the machine (the sandbox, local test
    /// deployments): no warning there. The hosts on the network are names that never resolve (.invalid): nothing is sent.
    /// </summary>
    public sealed class PlainHttpWarningTests
    {
        private const string Password = "Pa55word-never-in-a-warning";

        private static Task Answer(RawConnection c, string type, string body)
            => c.SendAsync(RawHttpServer.Head(200, "Content-Type: " + type, "Content-Length: " + Encoding.UTF8.GetByteCount(body)) + body);

        private static string Capabilities(string standardId, string url)
            => "<?xml version=\"1.0\"?><vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\">"
               + $"<capability standardID=\"{standardId}\"><interface xsi:type=\"vs:ParamHTTP\" role=\"std\"><accessURL use=\"base\">{url}</accessURL><securityMethod/>"
               + "<securityMethod standardID=\"ivo://ivoa.net/sso#BasicAA\"/></interface></capability></vosi:capabilities>";

        private static async Task<RecordingLog> Connect(RawHttpServer registry)
        {
            var context = FaultKit.Context(maxAttempts: 1);
            var log = new RecordingLog();
            var login = new LoginRequest { UserName = "someone", Password = Password, RegistryUrl = registry.Url("reg") };
            try { await FaultKit.Within(() => new CadcLogin(context).ConnectAsync(login, new CadcCall(context, log, CancellationToken.None))); }
            catch (Cadc.Core.Errors.CadcException) { /* the host on the network does not exist: the warning came before any attempt */ }
            return log;
        }

        private static string[] Warnings(RecordingLog log) => log.Lines.Where(l => l.Contains("plain http", StringComparison.Ordinal)).ToArray();

        [Theory]
        [InlineData("http://login.cadcps-test.invalid/ac/login", true)]
        [InlineData("loopback", false)]
        public async Task APasswordLogin_OverPlainHttpOnANetwork_Warns(string loginUrl, bool warns)
        {
            RawHttpServer? self = null;
            using var server = self = new RawHttpServer((r, c) => r.Target switch
            {
                "/reg" => Answer(c, "text/plain", $"ivo://cadc.nrc.ca/gms = {self!.Url("gms/capabilities")}\n"),
                "/gms/capabilities" => Answer(c, "text/xml", Capabilities("ivo://ivoa.net/std/UMS#login-0.1", loginUrl == "loopback" ? self!.Url("ac/login").AbsoluteUri : loginUrl)),
                _ => Answer(c, "text/plain", "TOKEN"),
            });

            var warnings = Warnings(await Connect(server));

            if (!warns) { Assert.Empty(warnings); return; }
            var warning = Assert.Single(warnings);
            Assert.Contains("http://login.cadcps-test.invalid", warning);
            Assert.DoesNotContain(Password, warning);
        }

        [Fact]
        public async Task BasicAuthentication_WithAPlainHttpServiceOnANetwork_Warns()
        {
            RawHttpServer? self = null;
            using var server = self = new RawHttpServer((r, c) => r.Target switch
            {
                // No login service: HTTP Basic with the data services, one of which is on plain http elsewhere.
                "/reg" => Answer(c, "text/plain", $"ivo://cadc.nrc.ca/argus = {self!.Url("argus/capabilities")}\n"),
                "/argus/capabilities" => Answer(c, "text/xml", Capabilities("ivo://ivoa.net/std/TAP", "http://tap.cadcps-test.invalid/tap")),
                _ => Answer(c, "text/plain", "no"),
            });

            var warning = Assert.Single(Warnings(await Connect(server)));

            Assert.Contains("http://tap.cadcps-test.invalid", warning);
            Assert.DoesNotContain(self.Url().Authority, warning); // the loopback host that listed it is no network path
            Assert.DoesNotContain(Password, warning);
        }
    }
}
