using System.Linq;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Server text reaches the console without control characters: no retitled window, no faked lines.</summary>
    public sealed class TerminalSafetyTests
    {
        private const string Hostile = "bad \u001b]0;owned\u0007query\u001b[2J\u009b31m here\u007f";

        private static bool IsClean(string text) => !text.Any(c => (c < ' ' && c != '\n' && c != '\t' && c != '\r') || (c >= '\u007f' && c <= '\u009f'));

        [Theory]
        [InlineData("text/plain", 400)]
        [InlineData("text/html", 500)]
        public void AnErrorBody_IsShownWithoutItsControlCharacters(string type, int status)
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.StatusCode = status;
                ctx.Response.ContentType = type;
                await LoopbackServer.WriteAsync(ctx.Response, Hostile);
            });
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap 'SELECT 1' -Service $u -Verbose", Engine.Vars(("u", server.BaseUrl + "/tap")));
            var error = r.SingleError();
            Assert.Contains("owned", error.ErrorDetails!.Message);
            Assert.True(IsClean(error.ErrorDetails.Message), error.ErrorDetails.Message);
            Assert.True(IsClean(error.ToString()), error.ToString());
            Assert.All(r.Verbose, v => Assert.True(IsClean(v), v));
        }

        [Fact]
        public void AQueryStatusMessage_IsShownWithoutItsControlCharacters()
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                await LoopbackServer.WriteAsync(ctx.Response, "<?xml version=\"1.0\"?><VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.3\"><RESOURCE type=\"results\">"
                    // XML 1.0 allows no C0 controls, but C1 ones (CSI, U+009B, starts an escape sequence on some terminals) it does.
                    + "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">column \u009b2J\u009d0;owned\u009c not found</INFO></RESOURCE></VOTABLE>");
            });
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT 1' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap"))).SingleError();
            Assert.Contains("owned", error.ErrorDetails!.Message);
            Assert.True(IsClean(error.ToString()), error.ToString());
        }
    }
}
