using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;

namespace CadcPS.Tests.Infrastructure
{
    /// <summary>
    /// A scripted CADC deployment on one loopback port, for what the sandbox lacks: a registry whose gms
    /// offers UMS#login-0.1 (password to CADC_SSO token) and whoami by cookie or token, and a TAP service
    /// that answers with one row telling how the request authenticated. "Elsewhere" is a second server.
    /// </summary>
    internal sealed class LoopbackDeployment : IDisposable
    {
        public const string User = "loopuser";
        public const string Password = "Pa55-w0rd-never-shown";
        public const string Token = "TOKEN-4f1c9e-never-shown";

        public LoopbackDeployment()
        {
            Elsewhere = new LoopbackServer(ctx => Answer(ctx, "text/plain", "elsewhere"));
            Server = new LoopbackServer(Handle);
        }

        public LoopbackServer Server { get; }

        /// <summary>Another host (another port: another origin) that must never see a credential.</summary>
        public LoopbackServer Elsewhere { get; }

        public string RegistryUrl => Server.BaseUrl + "/reg/resource-caps";

        private async Task Handle(HttpListenerContext ctx)
        {
            var path = ctx.Request.Url!.AbsolutePath;
            var b = Server.BaseUrl;
            switch (path)
            {
                case "/reg/resource-caps":
                    await Answer(ctx, "text/plain", $"ivo://cadc.nrc.ca/gms = {b}/gms/capabilities\nivo://cadc.nrc.ca/argus = {b}/argus/capabilities\n");
                    return;
                case "/gms/capabilities":
                    await Answer(ctx, "text/xml", Capabilities(
                        Capability("ivo://ivoa.net/std/UMS#login-0.1", $"{b}/ac/login"),
                        Capability("ivo://ivoa.net/std/UMS#whoami-0.1", $"{b}/ac/whoami", "ivo://ivoa.net/sso#cookie", "ivo://ivoa.net/sso#token")));
                    return;
                case "/argus/capabilities":
                    await Answer(ctx, "text/xml", Capabilities(
                        Capability("ivo://ivoa.net/std/TAP", $"{b}/tap", "", "ivo://ivoa.net/sso#cookie", "ivo://ivoa.net/sso#token")));
                    return;
                case "/ac/login":
                    var form = System.Web.HttpUtility.ParseQueryString(Server.Requests.Last(r => r.PathAndQuery == "/ac/login").Body);
                    if (form["username"] == User && form["password"] == Password) await Answer(ctx, "text/plain", Token);
                    else await Answer(ctx, "text/plain", "invalid username or password", 401);
                    return;
                case "/ac/whoami":
                    if (!Authenticated(ctx.Request)) { await Answer(ctx, "text/plain", "not authenticated", 401); return; }
                    ctx.Response.StatusCode = 303;
                    ctx.Response.RedirectLocation = $"{b}/ac/users/{User}?idType=HTTP";
                    return;
                case "/ac/users/" + User:
                    await Answer(ctx, "text/xml", $"<user><identity type=\"HTTP\">{User}</identity></user>");
                    return;
                case "/tap/sync" when Server.Requests.Last(r => r.PathAndQuery == "/tap/sync").Body.Contains("caom2.Observation"):
                    // Like CADC's argus: rows whose metaRelease is in the future only for an authenticated caller.
                    var rows = VOTableText.Row("public-1", "2019-01-01") + (Authenticated(ctx.Request) ? VOTableText.Row("proprietary-1", "2031-01-01") : "");
                    await Answer(ctx, "application/x-votable+xml", VOTableText.Head(("observationID", "char", "*"), ("metaRelease", "char", "*")) + rows + VOTableText.Tail());
                    return;
                case "/tap/sync":
                    var how = ctx.Request.Headers["Authorization"]?.Split(' ')[0] ?? (ctx.Request.Headers["Cookie"] != null ? "Cookie" : "Anonymous");
                    await Answer(ctx, "application/x-votable+xml", VOTableText.Head(("auth", "char", "*")) + VOTableText.Row(how) + VOTableText.Tail());
                    return;
                case "/tap/redirect/sync":
                    ctx.Response.StatusCode = 303;
                    ctx.Response.RedirectLocation = Elsewhere.BaseUrl + "/result";
                    return;
                default:
                    await Answer(ctx, "text/plain", "no such resource", 404);
                    return;
            }
        }

        private static bool Authenticated(HttpListenerRequest request)
            => request.Headers["Authorization"] == "Bearer " + Token
               || (request.Headers["Cookie"]?.Contains("CADC_SSO=\"" + Token + "\"") ?? false);

        private static async Task Answer(HttpListenerContext ctx, string type, string body, int status = 200)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = type;
            await LoopbackServer.WriteAsync(ctx.Response, body);
        }

        private static string Capabilities(params string[] capabilities)
            => "<?xml version=\"1.0\"?><vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\">"
               + string.Concat(capabilities) + "</vosi:capabilities>";

        private static string Capability(string standardId, string url, params string[] securityMethods)
            => $"<capability standardID=\"{standardId}\"><interface xsi:type=\"vs:ParamHTTP\" role=\"std\"><accessURL use=\"base\">{url}</accessURL>"
               + string.Concat(securityMethods.Select(m => m.Length == 0 ? "<securityMethod/>" : $"<securityMethod standardID=\"{m}\"/>"))
               + "</interface></capability>";

        public void Dispose()
        {
            Server.Dispose();
            Elsewhere.Dispose();
        }
    }
}
