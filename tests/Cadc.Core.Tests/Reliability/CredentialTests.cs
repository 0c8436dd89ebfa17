using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Auth;
using Cadc.Core.DataLink;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using Cadc.Core.Http;
using Cadc.Core.Tap;
using Xunit;

namespace Cadc.Core.Tests.Reliability
{
    /// <summary>
    /// Credentials reach a host only when the user's own command addressed one of the session's services, and a body
    /// never goes where it was not sent: each test reads the other server's request log for what arrived there.
    /// "Trusted" (T) is a server the session trusts, as if its login had found it; "elsewhere" (E) one it does not.
    /// </summary>
    public sealed class CredentialTests : IDisposable
    {
        private const string Token = "SESSION-TOKEN-never-elsewhere";
        private const string Password = "Pa55word-never-elsewhere";
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-cred-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private static Task Answer(RawConnection c, int status, string type, string body)
            => c.SendAsync(RawHttpServer.Head(status, "Content-Type: " + type, "Content-Length: " + Encoding.UTF8.GetByteCount(body)) + body);

        private static Task Redirect(RawConnection c, int status, string location)
            => c.SendAsync(RawHttpServer.Head(status, "Location: " + location, "Content-Length: 0"));

        private static string Capabilities(string standardId, Uri url)
            => "<?xml version=\"1.0\"?><vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\">"
               + $"<capability standardID=\"{standardId}\"><interface xsi:type=\"vs:ParamHTTP\" role=\"std\"><accessURL use=\"base\">{url}</accessURL></interface></capability></vosi:capabilities>";

        private static bool CarriesCredential(RawRequest r)
            => (r.Header("Cookie") ?? "").Contains(Token) || (r.Header("Authorization") ?? "").Length > 0;

        /// <summary>A session logged in with a cookie through <paramref name="registry"/>, trusting <paramref name="trusted"/>'s host.</summary>
        private static CadcContext LoggedIn(Uri registry, RawHttpServer trusted)
        {
            var context = FaultKit.Context(maxAttempts: 1);
            context.Session.BeginTrust(registry);
            context.Session.TrustServiceOf("ivo://cadc.nrc.ca/argus", trusted.Url());
            context.Session.SetIdentity(new CookieIdentity("someone", Token));
            return context;
        }

        /// <summary>A command that names no service of its own: the session's, through the session's registry.</summary>
        private static CadcCall SessionCall(CadcContext context, Uri registry) => new CadcCall(context, NullLog.Instance, CancellationToken.None, registry);

        private static CadcCall CallTo(CadcContext context, Uri registry, Uri service) => new CadcCall(context, NullLog.Instance, CancellationToken.None, registry, service.AbsoluteUri);

        // ------------------------------------------------------------------ login (item 1)

        [Theory]
        [InlineData(307)]
        [InlineData(308)]
        [InlineData(302)]
        [InlineData(303)]
        public async Task ALoginRedirectedToAnotherOrigin_SendsNothingThere_AndLogsNobodyIn(int status)
        {
            using var elsewhere = new RawHttpServer((_, c) => Answer(c, 200, "text/plain", "TOKEN-FROM-ELSEWHERE"));
            RawHttpServer? self = null;
            using var cadc = self = new RawHttpServer((r, c) => r.Target switch
            {
                "/reg" => Answer(c, 200, "text/plain", $"ivo://cadc.nrc.ca/gms = {self!.Url("gms/capabilities")}\n"),
                "/gms/capabilities" => Answer(c, 200, "text/xml", Capabilities("ivo://ivoa.net/std/UMS#login-0.1", self!.Url("ac/login"))),
                "/ac/login" => Redirect(c, status, elsewhere.Url("ac/login").AbsoluteUri),
                _ => Answer(c, 404, "text/plain", "no"),
            });
            var context = FaultKit.Context(maxAttempts: 1);
            var login = new LoginRequest { UserName = "someone", Password = Password, RegistryUrl = cadc.Url("reg") };

            var error = await FaultKit.Fails(() => new CadcLogin(context).ConnectAsync(login, new CadcCall(context, NullLog.Instance, CancellationToken.None)));

            Assert.Equal(ErrorIds.RedirectRefused, error.ErrorId);
            Assert.Empty(elsewhere.Requests);
            Assert.Contains(cadc.Requests, r => r.Target == "/ac/login" && r.Body.Contains("password="));
            Assert.Null(context.Session.Identity);
        }

        [Fact]
        public async Task ABodyIsNeverResent_ToAnotherOrigin_By307()
        {
            using var elsewhere = new RawHttpServer((_, c) => Answer(c, 200, "text/plain", "there"));
            using var origin = new RawHttpServer((_, c) => Redirect(c, 307, elsewhere.Url("end", "localhost").AbsoluteUri));
            var request = new HttpRequestMessage(HttpMethod.Post, origin.Url("start")) { Content = new StringContent("QUERY=secret-query", Encoding.UTF8, "application/x-www-form-urlencoded") };

            var error = await FaultKit.Fails(async () => { using var _ = await FaultKit.Context(1).SendAsync(request, NullLog.Instance, CancellationToken.None); });

            Assert.Equal(ErrorIds.RedirectRefused, error.ErrorId);
            Assert.Empty(elsewhere.Requests);
        }

        [Fact]
        public async Task AnHttpsToHttpRedirect_CarriesNoCredential_EvenToATrustedHost()
        {
            using var plain = new RawHttpServer((_, c) => Answer(c, 200, "text/plain", "landed"));
            var session = new CadcSession();
            session.TrustServiceOf("ivo://cadc.nrc.ca/minoc", plain.Url()); // an http host the session trusts (as the sandbox's are)
            var identity = new CookieIdentity("someone", Token);
            var start = new Uri("https://ws-cadc.canfar.net/minoc/files/x"); // CADC's own domain over https: trusted
            Assert.True(session.IsTrusted(start) && session.IsTrusted(plain.Url()));
            // The https hop is answered here (no TLS server needed): 302 to the plain-http host, which is then really asked.
            using var invoker = new HttpMessageInvoker(new RedirectHandler { InnerHandler = new HttpsAnsweredHere(plain.Url("landing")) });
            var request = new HttpRequestMessage(HttpMethod.Get, start);
            RequestOptions.Set(request, NullLog.Instance, FaultKit.Timeout, 1, TimeSpan.FromMilliseconds(10));
            Action<HttpRequestMessage> authorize = r => session.Authorize(r, identity);
            authorize(request);
            RequestOptions.SetAuthorizer(request, authorize);
            Assert.Contains(Token, request.Headers.GetValues("Cookie").Single());

            using var response = await invoker.SendAsync(request, CancellationToken.None);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var landed = Assert.Single(plain.Requests);
            Assert.False(CarriesCredential(landed), "the credential went from https to plain http");
        }

        /// <summary>Answers every https request with a 302 to <paramref name="to"/>; passes http on to a real handler.</summary>
        private sealed class HttpsAnsweredHere : DelegatingHandler
        {
            private readonly Uri _to;

            public HttpsAnsweredHere(Uri to) : base(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) => _to = to;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri!.Scheme != Uri.UriSchemeHttps) return base.SendAsync(request, cancellationToken);
                var response = new HttpResponseMessage(HttpStatusCode.Found) { RequestMessage = request };
                response.Headers.Location = _to;
                return Task.FromResult(response);
            }
        }

        // ------------------------------------------------------------------ an untrusted server's say-so (item 2)

        [Fact]
        public async Task AJobListFromAnUntrustedService_CannotPointRemoveAtATrustedHost()
        {
            using var trusted = new RawHttpServer((_, c) => Redirect(c, 303, "/tap/async"));
            RawHttpServer? self = null;
            using var elsewhere = self = new RawHttpServer((r, c) => r.Method == "GET"
                ? Answer(c, 200, "text/xml", "<uws:jobs xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
                    + $"<uws:jobref id=\"victim1\" xlink:href=\"{trusted.Url("tap/async/victim1")}\"><uws:phase>COMPLETED</uws:phase></uws:jobref></uws:jobs>")
                : Redirect(c, 303, self!.Url("tap/async").AbsoluteUri));
            var registry = new Uri("http://127.0.0.1:1/reg");
            var context = LoggedIn(registry, trusted);

            // Get-CadcJob -Service <elsewhere>, then its jobs piped into Remove-CadcJob (which names no service: the session's).
            var jobs = await FaultKit.Within(async () => await (await TapJobs.ResolveAsync(CallTo(context, registry, elsewhere.Url("tap")))).ListAsync(null, null, null, CallTo(context, registry, elsewhere.Url("tap"))));
            var job = Assert.Single(jobs);
            Assert.Equal(elsewhere.Url("tap/async/victim1"), job.Url);
            var remove = SessionCall(context, registry);
            await FaultKit.Within(async () => { await (await TapJobs.ResolveAsync(remove)).DeleteAsync(job.Url!, remove); return 0; });

            Assert.Empty(trusted.Requests);
            Assert.Contains(elsewhere.Requests, r => r.Method == "DELETE" && r.Target == "/tap/async/victim1");
            Assert.DoesNotContain(elsewhere.Requests, CarriesCredential);
        }

        [Fact]
        public async Task AJobCreatedByAnUntrustedService_CannotLiveOnATrustedHost_ForTheNextCommand()
        {
            using var trusted = new RawHttpServer((_, c) => Answer(c, 200, "text/xml", Job("PENDING", "/r").Replace("<uws:jobId>1<", "<uws:jobId>victim2<")));
            RawHttpServer? self = null;
            using var elsewhere = self = new RawHttpServer((r, c) => r.Method == "POST"
                ? Redirect(c, 303, trusted.Url("tap/async/victim2").AbsoluteUri)
                : Answer(c, 200, "text/xml", Job("PENDING", "/r").Replace("<uws:jobId>1<", "<uws:jobId>victim2<")));
            var registry = new Uri("http://127.0.0.1:1/reg");
            var context = LoggedIn(registry, trusted);

            // Invoke-CadcTap -Async -Service <elsewhere>, answered 303 to a job on the trusted host; then Get-CadcJob on it.
            var create = CallTo(context, registry, elsewhere.Url("tap"));
            var job = await FaultKit.Within(async () => await (await TapJobs.ResolveAsync(create)).CreateAsync(new TapQuery("SELECT 1"), false, create));
            Assert.Equal(elsewhere.Url("tap/async/victim2"), job.Url);
            var next = SessionCall(context, registry);
            await FaultKit.Within(async () => await (await TapJobs.ResolveAsync(next)).GetAsync(job.Url!, next));

            Assert.DoesNotContain(trusted.Requests, CarriesCredential);
            Assert.DoesNotContain(elsewhere.Requests, CarriesCredential);
        }

        [Theory]
        [InlineData(303)]
        [InlineData(302)]
        [InlineData(307)]
        public async Task ASyncQueryRedirectedByAnUntrustedService_ReachesATrustedHostWithoutCredential(int status)
        {
            using var trusted = new RawHttpServer((_, c) => Answer(c, 200, "application/x-votable+xml", Votable.Document(1)));
            using var elsewhere = new RawHttpServer((_, c) => Redirect(c, status, trusted.Url("tap/sync").AbsoluteUri));
            var registry = new Uri("http://127.0.0.1:1/reg");
            var context = LoggedIn(registry, trusted);
            var call = CallTo(context, registry, elsewhere.Url("tap"));

            var run = FaultKit.Within(async () =>
            {
                using var result = await (await TapService.ResolveAsync(call)).ExecuteSyncAsync(new TapQuery("SELECT n FROM t"), call);
                return result.ReadRow();
            });

            if (status == 307)
            {
                Assert.Equal(ErrorIds.RedirectRefused, (await Assert.ThrowsAsync<CadcException>(() => run)).ErrorId);
                Assert.Empty(trusted.Requests);
            }
            else
            {
                Assert.NotNull(await run);
                Assert.Single(trusted.Requests);
            }
            Assert.DoesNotContain(trusted.Requests, CarriesCredential);
            Assert.DoesNotContain(elsewhere.Requests, CarriesCredential);
        }

        [Fact]
        public async Task ADataLinkRowFromAnUntrustedService_IsFetchedFromATrustedHostWithoutCredential()
        {
            using var trusted = new RawHttpServer((_, c) => Answer(c, 200, "application/fits", "SIMPLE"));
            using var elsewhere = new RawHttpServer((_, c) => Answer(c, 200, "application/x-votable+xml", DataLinkAnswer("ivo://cadc.nrc.ca/X?1/a", trusted.Url("files/a.fits").AbsoluteUri)));
            var registry = new Uri("http://127.0.0.1:1/reg");
            var context = LoggedIn(registry, trusted);
            // Save-CadcImage -Service <elsewhere>: the plan, then the downloads, all under the one command.
            var call = CallTo(context, registry, elsewhere.Url("datalink"));
            var errors = new List<CadcException>();

            await FaultKit.Within(async () =>
            {
                var targets = await SavePlan.BuildAsync(new[] { SaveRequest.File("ivo://cadc.nrc.ca/X?1/a") }, call, errors.Add);
                await DownloadBatch.RunAsync(targets, _dir, false, 1, call, (_, _) => { }, (_, e) => errors.Add(e), _ => { });
                return 0;
            });

            Assert.Empty(errors);
            Assert.Single(trusted.Requests);
            Assert.DoesNotContain(trusted.Requests, CarriesCredential);
        }

        [Fact]
        public async Task AJobOnAnUntrustedHost_CannotHaveItsResultReadWithCredential_FromATrustedHost()
        {
            using var trusted = new RawHttpServer((_, c) => Answer(c, 200, "application/x-votable+xml", Votable.Document(7)));
            using var elsewhere = new RawHttpServer((_, c) => Answer(c, 200, "text/xml", Job("COMPLETED", trusted.Url("secret/result").AbsoluteUri)));
            var registry = new Uri("http://127.0.0.1:1/reg");
            var context = LoggedIn(registry, trusted);
            // Receive-CadcJob <url elsewhere> -Service <trusted>: the command addressed a trusted service; the job is elsewhere.
            var call = CallTo(context, registry, trusted.Url("tap"));

            var row = await FaultKit.Within(async () =>
            {
                var jobs = await TapJobs.ResolveAsync(call);
                var job = await jobs.GetAsync(elsewhere.Url("tap/async/1"), call);
                using var result = await jobs.OpenResultAsync(job, call);
                return result.ReadRow();
            });

            Assert.Equal(7, row![0]);
            Assert.Single(trusted.Requests);
            Assert.DoesNotContain(trusted.Requests, CarriesCredential);
        }

        [Fact]
        public async Task TheSessionsOwnService_StillGetsTheCredential()
        {
            using var trusted = new RawHttpServer((_, c) => Answer(c, 200, "application/x-votable+xml", Votable.Document(1)));
            var registry = new Uri("http://127.0.0.1:1/reg");
            var context = LoggedIn(registry, trusted);
            var call = CallTo(context, registry, trusted.Url("tap"));

            await FaultKit.Within(async () =>
            {
                using var result = await (await TapService.ResolveAsync(call)).ExecuteSyncAsync(new TapQuery("SELECT n FROM t"), call);
                return result.ReadRow();
            });

            Assert.True(CarriesCredential(Assert.Single(trusted.Requests)));
            // The same service through a registry other than the session's: not the session's service.
            var other = new CadcCall(context, NullLog.Instance, CancellationToken.None, new Uri("http://127.0.0.1:2/other-reg"));
            using var request = new HttpRequestMessage(HttpMethod.Get, trusted.Url("tap/sync"));
            RequestOptions.Set(request, other.Log, FaultKit.Timeout, 1, TimeSpan.FromMilliseconds(10));
            context.Session.Authorize(request, context.Session.Identity);
            Assert.False(request.Headers.Contains("Cookie"));
        }

        // ------------------------------------------------------------------ schemes (item 3)

        [Theory]
        [InlineData("file:///etc/passwd")]
        [InlineData("ftp://127.0.0.1/pub/x.fits")]
        [InlineData("data:text/plain,hello")]
        [InlineData("javascript:alert(1)")]
        public async Task ARedirectToAnotherScheme_IsUnsupportedUrlScheme(string location)
        {
            using var server = new RawHttpServer((_, c) => Redirect(c, 302, location));
            var error = await FaultKit.Fails(async () => { using var _ = await FaultKit.Context(1).GetAsync(server.Url("file"), NullLog.Instance, CancellationToken.None); });
            Assert.Equal(ErrorIds.UnsupportedUrlScheme, error.ErrorId);
        }

        [Theory]
        [InlineData("file:///etc/passwd")]
        [InlineData("javascript:alert(1)")]
        public async Task AJobResultHrefOfAnotherScheme_IsUnsupportedUrlScheme(string href)
        {
            using var server = new RawHttpServer((_, c) => Answer(c, 200, "text/xml", Job("COMPLETED", href)));
            var context = FaultKit.Context(1);
            var call = new CadcCall(context, NullLog.Instance, CancellationToken.None, service: server.Url("tap").AbsoluteUri);
            var error = await FaultKit.Fails(async () =>
            {
                var jobs = await TapJobs.ResolveAsync(call);
                using var _ = await jobs.OpenResultAsync(await jobs.GetAsync(server.Url("tap/async/1"), call), call);
            });
            Assert.Equal(ErrorIds.UnsupportedUrlScheme, error.ErrorId);
        }

        [Theory]
        [InlineData("file:///etc/passwd")]
        [InlineData("ftp://127.0.0.1/pub/x.fits")]
        [InlineData("data:text/plain,hello")]
        public async Task ADataLinkAccessUrlOfAnotherScheme_IsThatIdsError_AndNothingIsFetched(string accessUrl)
        {
            using var server = new RawHttpServer((_, c) => Answer(c, 200, "application/x-votable+xml", DataLinkAnswer("ivo://x?1/a", accessUrl)));
            var context = FaultKit.Context(1);
            var call = new CadcCall(context, NullLog.Instance, CancellationToken.None, service: server.Url("datalink").AbsoluteUri);
            var errors = new List<CadcException>();
            var targets = await FaultKit.Within(() => SavePlan.BuildAsync(new[] { SaveRequest.File("ivo://x?1/a") }, call, errors.Add));
            Assert.Empty(targets);
            Assert.Equal(ErrorIds.DataLinkIdError, Assert.Single(errors).ErrorId);
            Assert.Contains(accessUrl.Substring(0, accessUrl.IndexOf(':') + 1), errors[0].Message);
        }

        private static string Job(string phase, string resultHref)
            => "<uws:job xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><uws:jobId>1</uws:jobId>"
               + $"<uws:phase>{phase}</uws:phase><uws:results><uws:result id=\"result\" xlink:href=\"{System.Security.SecurityElement.Escape(resultHref)}\"/></uws:results></uws:job>";

        private static string DataLinkAnswer(string id, string accessUrl)
            => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\"><RESOURCE type=\"results\"><TABLE>"
               + "<FIELD name=\"ID\" datatype=\"char\" arraysize=\"*\"/><FIELD name=\"access_url\" datatype=\"char\" arraysize=\"*\"/>"
               + "<FIELD name=\"service_def\" datatype=\"char\" arraysize=\"*\"/><FIELD name=\"error_message\" datatype=\"char\" arraysize=\"*\"/>"
               + "<FIELD name=\"semantics\" datatype=\"char\" arraysize=\"*\"/><DATA><TABLEDATA>"
               + $"<TR><TD>{System.Security.SecurityElement.Escape(id)}</TD><TD>{System.Security.SecurityElement.Escape(accessUrl)}</TD><TD></TD><TD></TD><TD>#this</TD></TR>"
               + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
    }
}
