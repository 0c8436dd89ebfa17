using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using Cadc.Core.Http;
using Cadc.Core.Tap;
using Xunit;

namespace Cadc.Core.Tests.Reliability
{
    /// <summary>
    /// Issue 18: an HTML error page becomes its readable text in the message (title, headings, paragraphs; no script,
    /// style or menu; entities decoded; one line; bounded), whatever the page looks like, with bounded work and no
    /// exception; plain text and a VOTable's QUERY_STATUS stay as they were.
    /// </summary>
    public sealed class HtmlErrorPageTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "cadc-html-" + Guid.NewGuid().ToString("N"));

        public HtmlErrorPageTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        // Werkzeug before 2.1 (Flask front ends): a doctype and no <html> element; it showed as raw markup.
        private const string Werkzeug = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
            + "<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n";

        [Theory]
        [InlineData(Werkzeug, "text/html; charset=utf-8",
            "404 Not Found: Not Found The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.")]
        // a fragment, known as HTML by its media type only
        [InlineData("<h2>Service temporarily down</h2><p>Try again in <b>5</b>&nbsp;minutes &amp; check <a href=\"/status\">status</a>.</p>", "text/html",
            "Service temporarily down Try again in 5 minutes & check status.")]
        // a comment with '>' in it, a script and a style in the body, a menu, an entity for a control character
        [InlineData("<html><body><!-- if a > b, show the maintenance banner --><nav><a href=\"/\">Home</a> | <a href=\"/help\">Help</a></nav>"
            + "<h1>Gateway&#27;[31m Timeout</h1><script>var x = \"<p>not text</p>\";</script><style>p { color: red }</style><p>The upstream server did not answer in time.</p>"
            + "<footer>&copy; 2026 Example</footer></body></html>", null,
            "Gateway [31m Timeout The upstream server did not answer in time.")]
        // the title alone, when the page has nothing else to say
        [InlineData("<html><head><title>502 Bad Gateway</title></head><body></body></html>", "text/html", "502 Bad Gateway")]
        // DaCHS's 404, whose title its heading repeats
        [InlineData("<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta http-equiv=\"Content-type\" content=\"text/html;charset=UTF-8\" /><script src=\"/static/js/gavo.js\" type=\"text/javascript\"></script>"
            + "<title>Local data center -- Not Found</title></head><body><h1>Local data center -- Not Found (404)</h1><p>We're sorry, but the resource you requested could not be located.</p></body></html>", "text/html",
            "Local data center -- Not Found (404) We're sorry, but the resource you requested could not be located.")]
        // a page cut inside a tag, after the bytes read
        [InlineData("<html><body><h1>Internal Server Error</h1><p>Something broke</p><div class=\"trace", "text/html", "Internal Server Error Something broke")]
        public void AnHtmlPage_IsItsReadableText(string page, string? mediaType, string expected)
            => Assert.Equal(expected, HttpErrors.ServerMessage(page, mediaType));

        [Theory]
        [InlineData("Invalid parameter: MAXREC=abc", "text/plain", "Invalid parameter: MAXREC=abc")]
        [InlineData("a < b\n  and\tc", "text/plain", "a < b and c")]
        [InlineData("<VOTABLE><RESOURCE><INFO name=\"QUERY_STATUS\" value=\"ERROR\">Column &quot;x&quot; not found</INFO></RESOURCE></VOTABLE>", "text/xml", "Column \"x\" not found")]
        public void PlainTextAndAVOTablesQueryStatus_AreAsBefore(string body, string mediaType, string expected)
            => Assert.Equal(expected, HttpErrors.ServerMessage(body, mediaType));

        public static TheoryData<string> HostilePages() => new TheoryData<string>
        {
            "<html><title>x" + string.Concat(Enumerable.Repeat("<script <style <head ", 200_000)),
            "<html><body><p>Down</p><!--" + new string('-', 2_000_000),
            "<html>" + string.Concat(Enumerable.Repeat("<p", 500_000)),
            "<html>" + string.Concat(Enumerable.Repeat("<div><span>deep ", 200_000)),
            "<html>" + string.Concat(Enumerable.Repeat("&amp", 500_000)),
            "<html><script>" + string.Concat(Enumerable.Repeat("</scrip", 300_000)),
            "<html>" + string.Concat(Enumerable.Repeat("<title>", 300_000)),
            "<html>" + string.Concat(Enumerable.Repeat("<a href=\"x\">link</a>\u0000\u001b", 100_000)),
        };

        [Theory]
        [MemberData(nameof(HostilePages))]
        public void AHugeOrMalformedPage_IsBoundedAndNeverThrows(string page)
        {
            var clock = Stopwatch.StartNew();
            var said = HttpErrors.ServerMessage(page, "text/html");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
            Assert.NotNull(said);
            Assert.True(said!.Length <= 501, $"{said.Length} characters");
            Assert.DoesNotContain(said, ch => char.IsControl(ch));
        }

        [Fact]
        public async Task ABackendsBareHtmlErrorPage_IsItsTextInTheError()
        {
            var page = Encoding.UTF8.GetBytes(Werkzeug);
            using var server = new RawHttpServer((_, c) => c.SendAsync(RawHttpServer.Head(404, "Content-Type: text/html; charset=utf-8", "Content-Length: " + page.Length) + Werkzeug));
            var error = await FaultKit.Fails(() => FileDownloader.DownloadAsync(server.Url("f.fits"), _dir, null, null, false, null, new CadcCall(FaultKit.Context(), NullLog.Instance, CancellationToken.None)));
            Assert.Equal(ErrorIds.Http(404), error.ErrorId);
            Assert.EndsWith("was not found (HTTP 404): 404 Not Found: Not Found The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.", error.Message, StringComparison.Ordinal);
        }
    }
}
