using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace CadcPS.Tests.Infrastructure
{
    /// <summary>
    /// CADC on one loopback port: CADC's real documents (../shared/fixtures, read in place) served the way CADC's
    /// hosts serve them, and the behaviours of CADC's server code where they differ from the DaCHS sandbox.
    /// <list type="bullet">
    /// <item>The registry is CADC's own resource-caps file with every host rewritten to <see cref="BaseUrl"/>.</item>
    /// <item>Capabilities in CADC's layout (VOSI, availability, logControl, then the service's own capability): argus
    /// (astroquery's tap_caps.xml, real), ac, bifrost (served as caom2ops, which has no captured document) and data
    /// (the webapp templates, placeholder hosts replaced), and cadc-target-resolver (its webapp template, composed here:
    /// it is not among the fixtures).</item>
    /// <item>argus: the real tableset; sync and async answers from the real CAOM2 VOTables; cadc-uws's job lifecycle
    /// (POST /async 303 to the job; DELETE and POST ACTION=DELETE 303 to the job list; the job list 403 for anonymous
    /// callers; AFTER parsed as yyyy-MM-dd'T'HH:mm:ss.SSS['Z'] else 400); a phase change answered 200 without a body
    /// (CADC's OpenAPI); a rejected query 400 with a text/plain body (cadc-rest) or a VOTable (cadc-tap's error writer).</item>
    /// <item>ac: UMS#login-0.1 (password to token) and whoami; the token is accepted as the CADC_SSO cookie or a bearer token.</item>
    /// </list>
    /// Every request is logged in <see cref="Requests"/>. <see cref="Route"/> replaces or adds the answer of one path,
    /// for behaviours not modelled here.
    /// </summary>
    internal sealed class CadcDouble : IDisposable
    {
        public const string User = "doubleuser";
        public const string Password = "D0uble-pass-never-shown";
        public const string Token = "DOUBLE-TOKEN-never-shown";

        /// <summary>The fixtures served (paths in ../shared/fixtures).</summary>
        public static class Files
        {
            public const string Registry = "reg/cadc-registry-server/reg-resource-caps.properties";
            public const string ArgusCapabilities = "astroquery/astroquery/cadc/tests/data/tap_caps.xml";
            public const string AcCapabilities = "ac/ac/src/main/webapp/capabilities.xml";
            public const string BifrostCapabilities = "caom2/bifrost/src/main/webapp/capabilities.xml";
            public const string DataCapabilities = "storage-inventory/compat-api/data/src/main/webapp/capabilities.xml";
            public const string Availability = "reg/cadc-registry/src/test/resources/good-availability.xml";
            public const string TableSet = "cadctools/cadctap/cadctap/tests/data/db_schema.xml";
            public const string ObservationTable = "cadctools/cadctap/cadctap/tests/data/table_schema.xml";
            public const string CaomResult = "astroquery/_history/657a6aa50e/astroquery/cadc/tests/data/data_coords.xml";
            public const string ArtifactResult = "cadctools/cadctap/cadctap/tests/data/votable.xml";
        }

        private static readonly XNamespace Uws = "http://www.ivoa.net/xml/UWS/v1.0";
        private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";
        private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

        private readonly LoopbackServer _server;
        private readonly ConcurrentDictionary<string, Func<HttpListenerContext, ReceivedRequest, Task>> _routes =
            new ConcurrentDictionary<string, Func<HttpListenerContext, ReceivedRequest, Task>>(StringComparer.Ordinal);

        public CadcDouble() => _server = new LoopbackServer(HandleAsync);

        public string BaseUrl => _server.BaseUrl;

        /// <summary>For -RegistryUrl: CADC's registry, every service on this double.</summary>
        public string RegistryUrl => BaseUrl + "/reg/resource-caps";

        /// <summary>argus, ivo://cadc.nrc.ca/argus: the TAP base URL.</summary>
        public string TapUrl => BaseUrl + "/argus";

        /// <summary>Every request received, in order.</summary>
        public IReadOnlyList<ReceivedRequest> Requests => _server.Requests.ToArray();

        /// <summary>Failures inside the double's own handlers (a test that sees odd answers should look here).</summary>
        public IReadOnlyList<Exception> HandlerFailures => _server.HandlerFailures.ToArray();

        /// <summary>argus's UWS jobs by id: tests may look at them or plant them.</summary>
        public ConcurrentDictionary<string, DoubleJob> Jobs { get; } = new ConcurrentDictionary<string, DoubleJob>(StringComparer.Ordinal);

        /// <summary>How a UWS phase change (POST .../phase) is answered; default 200 without a body, as CADC's OpenAPI documents.</summary>
        public PhaseChangeAnswer PhaseChangeAnswer { get; set; } = PhaseChangeAnswer.Ok;

        /// <summary>The body of a rejected query's 400; default text/plain (cadc-rest).</summary>
        public RejectionBody RejectionBody { get; set; } = RejectionBody.TextPlain;

        /// <summary>Set: a job creation (POST /async) is refused with 400 and this message, in the <see cref="RejectionBody"/> form.</summary>
        public string? RejectJobCreation { get; set; }

        /// <summary>False: DELETE on a job is 405 (as some proxies do), so only POST ACTION=DELETE deletes.</summary>
        public bool AcceptsHttpDelete { get; set; } = true;

        /// <summary>Which real answer a TAP query gets: the first entry whose table the query names (case-insensitive).
        /// A query naming none of them is rejected (400): "Table 'x' is not found in TAP schema".</summary>
        public List<(string Table, string Fixture)> TapAnswers { get; } = new List<(string, string)>
        {
            ("caom2.Artifact", Files.ArtifactResult),
            ("caom2.Plane", Files.CaomResult),
            ("caom2.Observation", Files.CaomResult),
        };

        /// <summary>Names cadc-target-resolver knows, with where it puts them (M31 as its integration test expects it).</summary>
        public Dictionary<string, (double Ra, double Dec)> Names { get; } = new Dictionary<string, (double, double)>(StringComparer.OrdinalIgnoreCase)
        {
            ["M31"] = (10.68479, 41.26906),
        };

        /// <summary>Replaces (or adds) the answer for <paramref name="path"/> (absolute path, any method).</summary>
        public void Route(string path, Func<HttpListenerContext, ReceivedRequest, Task> answer) => _routes[path] = answer;

        /// <summary>The requests whose path (without the query) is <paramref name="path"/>.</summary>
        public IReadOnlyList<ReceivedRequest> RequestsTo(string path)
            => Requests.Where(r => r.PathAndQuery.Split('?')[0] == path).ToList();

        /// <summary>True when the request carries the token (cookie or bearer), as CADC's services accept it.</summary>
        public static bool Authenticated(HttpListenerRequest request)
            => request.Headers["Authorization"] == "Bearer " + Token
               || (request.Headers["Cookie"]?.Contains("CADC_SSO=\"" + Token + "\"", StringComparison.Ordinal) ?? false);

        public static async Task AnswerAsync(HttpListenerContext ctx, int status, string? type, string body)
        {
            ctx.Response.StatusCode = status;
            if (type != null) ctx.Response.ContentType = type;
            if (body.Length > 0) await LoopbackServer.WriteAsync(ctx.Response, body);
        }

        public static void Redirect(HttpListenerContext ctx, string location, int status = 303)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.RedirectLocation = location;
        }

        /// <summary>A capabilities document (VOSICapabilities 1.0) of the given capabilities, as CADC writes them.</summary>
        public static string Capabilities(params string[] capabilities)
            => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\" "
               + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\">\n"
               + string.Concat(capabilities) + "</vosi:capabilities>\n";

        /// <summary>One capability with one ParamHTTP interface; a security method "" is the anonymous one.</summary>
        public static string Capability(string standardId, string url, string use = "full", params string[] securityMethods)
            => $"  <capability standardID=\"{standardId}\">\n    <interface xsi:type=\"vs:ParamHTTP\" role=\"std\">\n      <accessURL use=\"{use}\">{url}</accessURL>\n"
               + string.Concat(securityMethods.Select(m => m.Length == 0 ? "      <securityMethod/>\n" : $"      <securityMethod standardID=\"{m}\"/>\n"))
               + "    </interface>\n  </capability>\n";

        // ---------------------------------------------------------------- dispatch

        private async Task HandleAsync(HttpListenerContext ctx, ReceivedRequest request)
        {
            var path = ctx.Request.Url!.AbsolutePath;
            if (_routes.TryGetValue(path, out var custom))
            {
                await custom(ctx, request);
                return;
            }
            var segments = path.Trim('/').Split('/');
            switch (path)
            {
                case "/reg/resource-caps":
                    await AnswerAsync(ctx, 200, "text/plain", Regex.Replace(Read(Files.Registry), @"(=\s*)https?://[^/\s]+", m => m.Groups[1].Value + BaseUrl));
                    return;
                case "/argus/capabilities":
                    await AnswerAsync(ctx, 200, "text/xml", Hosted(Read(Files.ArgusCapabilities)));
                    return;
                case "/ac/capabilities":
                    await AnswerAsync(ctx, 200, "text/xml", Hosted(Read(Files.AcCapabilities)));
                    return;
                case "/caom2ops/capabilities":
                    await AnswerAsync(ctx, 200, "text/xml", Hosted(Read(Files.BifrostCapabilities)));
                    return;
                case "/data/capabilities":
                    await AnswerAsync(ctx, 200, "text/xml", Hosted(Read(Files.DataCapabilities)));
                    return;
                case "/cadc-target-resolver/capabilities":
                    await AnswerAsync(ctx, 200, "text/xml", ResolverCapabilities());
                    return;
                case "/cadc-target-resolver/find":
                    await FindAsync(ctx);
                    return;
                case "/ac/login":
                    await LoginAsync(ctx, request);
                    return;
                case "/ac/whoami":
                    if (!Authenticated(ctx.Request)) await AnswerAsync(ctx, 401, "text/plain", "not authenticated");
                    else Redirect(ctx, $"{BaseUrl}/ac/users/{User}?idType=HTTP");
                    return;
                case "/ac/users/" + User:
                    await AnswerAsync(ctx, 200, "text/xml", $"<user><identity type=\"HTTP\">{User}</identity></user>");
                    return;
                case "/argus/tables":
                    await AnswerAsync(ctx, 200, "text/xml", Read(Files.TableSet));
                    return;
                case "/argus/tables/caom2.Observation":
                    await AnswerAsync(ctx, 200, "text/xml", Read(Files.ObservationTable));
                    return;
                case "/argus/sync":
                    await SyncAsync(ctx, request);
                    return;
                case "/argus/async":
                    if (ctx.Request.HttpMethod == "POST") await CreateJobAsync(ctx, request);
                    else await ListJobsAsync(ctx);
                    return;
            }
            if (segments.Length == 2 && segments[1] == "availability")
                await AnswerAsync(ctx, 200, "text/xml", Read(Files.Availability));
            else if (segments.Length == 2 && segments[1] == "logControl")
                // CADC's logControl is for operators: anyone else is refused.
                await AnswerAsync(ctx, 403, "text/plain", "permission denied");
            else if (segments.Length >= 3 && segments[0] == "argus" && segments[1] == "async")
                await JobAsync(ctx, request, segments[2], segments.Length > 3 ? string.Join("/", segments.Skip(3)) : null);
            else if (segments.Length == 3 && segments[0] == "argus" && segments[1] == "results" && Jobs.TryGetValue(segments[2], out var done) && done.Result != null)
                await AnswerAsync(ctx, 200, "application/x-votable+xml", done.Result);
            else
                await AnswerAsync(ctx, 404, "text/plain", "not found: " + path);
        }

        // ---------------------------------------------------------------- documents

        private static string Read(string fixture) => File.ReadAllText(Repo.Fixture(fixture));

        /// <summary>The document with every accessURL's scheme and host replaced by the double's.</summary>
        private string Hosted(string document) => Regex.Replace(document, @"(<accessURL[^>]*>\s*)https?://[^/<\s]+", m => m.Groups[1].Value + BaseUrl);

        /// <summary>cadc-target-resolver's capabilities (opencadc/cadc-target-resolver, src/main/webapp/capabilities.xml): VOSI
        /// capabilities, logControl (no security method), then NameResolver#names-1.0 whose accessURL is the find endpoint.</summary>
        private string ResolverCapabilities()
        {
            var b = BaseUrl + "/cadc-target-resolver";
            return Capabilities(
                Capability("ivo://ivoa.net/std/VOSI#capabilities", b + "/capabilities"),
                Capability("vos://cadc.nrc.ca~vospace/CADC/std/Logging#control-1.0", b + "/logControl"),
                Capability("vos://cadc.nrc.ca~vospace/CADC/std/NameResolver#names-1.0", b + "/find", "base"));
        }

        // ---------------------------------------------------------------- resolver, login

        private async Task FindAsync(HttpListenerContext ctx)
        {
            var target = ctx.Request.QueryString["target"];
            // cadc-target-resolver answers 425 when it finds nothing (and for no target at all).
            if (string.IsNullOrWhiteSpace(target) || !Names.TryGetValue(target.Trim(), out var at))
            {
                await AnswerAsync(ctx, 425, "text/plain", "");
                return;
            }
            await AnswerAsync(ctx, 200, "text/plain", $"target={target}\r\nservice=ned(ned.ipac.caltech.edu)\r\ncoordsys=ICRS\r\n"
                + $"ra={at.Ra.ToString("R", CultureInfo.InvariantCulture)}\r\ndec={at.Dec.ToString("R", CultureInfo.InvariantCulture)}\r\ntime(ms)=3\r\n");
        }

        private static async Task LoginAsync(HttpListenerContext ctx, ReceivedRequest request)
        {
            var form = System.Web.HttpUtility.ParseQueryString(request.Body);
            if (form["username"] == User && form["password"] == Password) await AnswerAsync(ctx, 200, "text/plain", Token);
            else await AnswerAsync(ctx, 401, "text/plain", "invalid username or password");
        }

        // ---------------------------------------------------------------- TAP

        /// <summary>The form of a TAP request: the query string and an urlencoded body.</summary>
        private static NameValueCollection Form(HttpListenerContext ctx, ReceivedRequest request)
        {
            var form = System.Web.HttpUtility.ParseQueryString(ctx.Request.Url!.Query);
            if (ctx.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
                form.Add(System.Web.HttpUtility.ParseQueryString(request.Body));
            return form;
        }

        private static string? Param(NameValueCollection form, string name)
            => form.AllKeys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) is { } key ? form[key] : null;

        /// <summary>What argus would answer for this query: a VOTable, or why it refuses it.</summary>
        private (string? VOTable, string? Rejection) Run(string? query, string? maxrec, string? format)
        {
            if (format != null && !new[] { "votable", "application/x-votable+xml", "text/xml" }.Contains(format.Trim(), StringComparer.OrdinalIgnoreCase))
                return (null, "unknown format: " + format);
            long? limit = null;
            if (maxrec != null)
            {
                if (!long.TryParse(maxrec, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return (null, "invalid MAXREC: " + maxrec);
                limit = n;
            }
            if (string.IsNullOrWhiteSpace(query)) return (null, "missing required parameter: QUERY");
            foreach (var (table, fixture) in TapAnswers)
                if (Regex.IsMatch(query, @"\b" + Regex.Escape(table) + @"\b", RegexOptions.IgnoreCase))
                    return (Limited(Read(fixture), limit), null);
            var named = Regex.Match(query, @"\bFROM\s+([\w.""]+)", RegexOptions.IgnoreCase);
            return (null, $"Table '{(named.Success ? named.Groups[1].Value : "?")}' is not found in TAP schema");
        }

        /// <summary>The answer cut at MAXREC as cadc-dali's writer cuts it: OVERFLOW only when rows were left out after
        /// at least one was written (MAXREC=0 is metadata only: argus does not run the query).</summary>
        private static string Limited(string votable, long? maxrec)
        {
            if (maxrec is null) return votable;
            var doc = XDocument.Parse(votable, LoadOptions.PreserveWhitespace);
            var ns = doc.Root!.Name.Namespace;
            var rows = doc.Descendants(ns + "TR").ToList();
            if (rows.Count <= maxrec.Value) return votable;
            foreach (var tr in rows.Skip((int)maxrec.Value)) tr.Remove();
            var resource = doc.Root.Element(ns + "RESOURCE")!;
            var trailer = resource.Element(ns + "TABLE")!.ElementsAfterSelf(ns + "INFO").FirstOrDefault();
            if (maxrec.Value > 0)
            {
                if (trailer is null) resource.Element(ns + "TABLE")!.AddAfterSelf(trailer = new XElement(ns + "INFO"));
                trailer.SetAttributeValue("name", "QUERY_STATUS");
                trailer.SetAttributeValue("value", "OVERFLOW");
            }
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doc.Root.ToString(SaveOptions.DisableFormatting);
        }

        private async Task SyncAsync(HttpListenerContext ctx, ReceivedRequest request)
        {
            var form = Form(ctx, request);
            var (votable, rejection) = Run(Param(form, "QUERY"), Param(form, "MAXREC"), Param(form, "RESPONSEFORMAT"));
            if (rejection != null) await RejectAsync(ctx, rejection);
            else await AnswerAsync(ctx, 200, "application/x-votable+xml", votable!);
        }

        private Task RejectAsync(HttpListenerContext ctx, string message) => RejectionBody switch
        {
            // cadc-tap's error writer: a VOTable with QUERY_STATUS=ERROR (CADC's OpenAPI example, tap-responses.yaml).
            RejectionBody.VOTable => AnswerAsync(ctx, 400, "application/x-votable+xml", ErrorVOTable(message)),
            // Tomcat's own error report, what a front end in the way answers.
            RejectionBody.Html => AnswerAsync(ctx, 400, "text/html;charset=utf-8",
                $"<!doctype html><html lang=\"en\"><head><title>HTTP Status 400 – Bad Request</title></head><body><h1>HTTP Status 400 – Bad Request</h1><p><b>Message</b> {WebUtility.HtmlEncode(message)}</p></body></html>"),
            RejectionBody.Empty => AnswerAsync(ctx, 400, null, ""),
            // cadc-rest: IllegalArgumentException as text/plain.
            _ => AnswerAsync(ctx, 400, "text/plain", message + "\n"),
        };

        private static string ErrorVOTable(string message)
            => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.4\">\n"
               + $"  <RESOURCE type=\"results\">\n    <INFO name=\"QUERY_STATUS\" value=\"ERROR\">{WebUtility.HtmlEncode(message)}</INFO>\n  </RESOURCE>\n</VOTABLE>\n";

        // ---------------------------------------------------------------- UWS (cadc-uws)

        private string JobUrl(string id) => TapUrl + "/async/" + id;

        private async Task CreateJobAsync(HttpListenerContext ctx, ReceivedRequest request)
        {
            if (RejectJobCreation != null)
            {
                await RejectAsync(ctx, RejectJobCreation);
                return;
            }
            var form = Form(ctx, request);
            var job = new DoubleJob(NewId(), Authenticated(ctx.Request) ? User : null)
            {
                Query = Param(form, "QUERY"),
                MaxRec = Param(form, "MAXREC"),
                ResponseFormat = Param(form, "RESPONSEFORMAT"),
                RunId = Param(form, "RUNID"),
            };
            Jobs[job.Id] = job;
            if (string.Equals(Param(form, "PHASE"), "RUN", StringComparison.OrdinalIgnoreCase)) Execute(job);
            Redirect(ctx, JobUrl(job.Id));
        }

        private void Execute(DoubleJob job)
        {
            var (votable, rejection) = Run(job.Query, job.MaxRec, job.ResponseFormat);
            job.StartTime = job.EndTime = DateTime.UtcNow;
            job.Result = votable;
            job.Error = rejection;
            job.Phase = rejection is null ? "COMPLETED" : "ERROR";
        }

        private async Task ListJobsAsync(HttpListenerContext ctx)
        {
            if (!Authenticated(ctx.Request))
            {
                await AnswerAsync(ctx, 403, "text/plain", "anonymous job listing not permitted");
                return;
            }
            IEnumerable<DoubleJob> jobs = Jobs.Values.Where(j => j.Owner == User);
            var phases = ctx.Request.QueryString.GetValues("PHASE");
            if (phases != null) jobs = jobs.Where(j => phases.Contains(j.Phase, StringComparer.Ordinal));
            var after = ctx.Request.QueryString["AFTER"];
            if (after != null)
            {
                // UWS.getDateFormat(): yyyy-MM-dd'T'HH:mm:ss.SSS'Z', or the same without the Z; nothing else.
                if (!DateTime.TryParseExact(after, new[] { "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff" }, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var afterTime))
                {
                    await AnswerAsync(ctx, 400, "text/plain", "invalid IVOA timestamp: AFTER=" + after + "\n");
                    return;
                }
                jobs = jobs.Where(j => j.CreationTime > afterTime);
            }
            if (ctx.Request.QueryString["LAST"] is { } last)
                jobs = jobs.OrderByDescending(j => j.CreationTime).Take(int.Parse(last, CultureInfo.InvariantCulture));
            var list = new XElement(Uws + "jobs", new XAttribute(XNamespace.Xmlns + "uws", Uws), new XAttribute(XNamespace.Xmlns + "xlink", XLink), new XAttribute("version", "1.1"),
                jobs.Select(j => new XElement(Uws + "jobref", new XAttribute("id", j.Id),
                    new XElement(Uws + "phase", j.Phase),
                    j.RunId is null ? null : new XElement(Uws + "runId", j.RunId),
                    new XElement(Uws + "ownerId", j.Owner),
                    new XElement(Uws + "creationTime", Time(j.CreationTime)))));
            await AnswerAsync(ctx, 200, "text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + list);
        }

        private async Task JobAsync(HttpListenerContext ctx, ReceivedRequest request, string id, string? field)
        {
            if (!Jobs.TryGetValue(id, out var job))
            {
                await AnswerAsync(ctx, 404, "text/plain", "not found: " + id);
                return;
            }
            var method = ctx.Request.HttpMethod;
            var form = Form(ctx, request);
            if (field is null && (method == "DELETE" || (method == "POST" && string.Equals(Param(form, "ACTION"), "DELETE", StringComparison.OrdinalIgnoreCase))))
            {
                if (method == "DELETE" && !AcceptsHttpDelete)
                {
                    await AnswerAsync(ctx, 405, "text/plain", "method not allowed: DELETE");
                    return;
                }
                Jobs.TryRemove(id, out _);
                Redirect(ctx, TapUrl + "/async");
                return;
            }
            switch (field, method)
            {
                case (null, "GET"):
                    await AnswerAsync(ctx, 200, "text/xml", JobDocument(job));
                    return;
                case ("phase", "GET"):
                    await AnswerAsync(ctx, 200, "text/plain", job.Phase);
                    return;
                case ("phase", "POST"):
                    var phase = Param(form, "PHASE");
                    if (string.Equals(phase, "RUN", StringComparison.OrdinalIgnoreCase)) { if (job.Phase == "PENDING") Execute(job); }
                    else if (string.Equals(phase, "ABORT", StringComparison.OrdinalIgnoreCase)) { if (job.Phase is "PENDING" or "QUEUED" or "EXECUTING") job.Phase = "ABORTED"; }
                    else
                    {
                        await AnswerAsync(ctx, 400, "text/plain", "invalid PHASE value: " + phase + "\n");
                        return;
                    }
                    if (PhaseChangeAnswer == PhaseChangeAnswer.SeeOther) Redirect(ctx, JobUrl(id));
                    else await AnswerAsync(ctx, 200, PhaseChangeAnswer == PhaseChangeAnswer.JobDocument ? "text/xml" : null, PhaseChangeAnswer == PhaseChangeAnswer.JobDocument ? JobDocument(job) : "");
                    return;
                case ("results/result", "GET") when job.Result != null:
                    Redirect(ctx, TapUrl + "/results/" + id);
                    return;
                case ("error", "GET") when job.Error != null:
                    await AnswerAsync(ctx, 200, "application/x-votable+xml", ErrorVOTable(job.Error));
                    return;
                default:
                    await AnswerAsync(ctx, 404, "text/plain", $"not found: {id}/{field}");
                    return;
            }
        }

        /// <summary>A job as cadc-uws's JobWriter writes it (CADC's OpenAPI example, uws-responses.yaml).</summary>
        private string JobDocument(DoubleJob job)
        {
            static XElement Nil(string name) => new XElement(Uws + name, new XAttribute(Xsi + "nil", "true"));
            var doc = new XElement(Uws + "job", new XAttribute(XNamespace.Xmlns + "uws", Uws), new XAttribute(XNamespace.Xmlns + "xlink", XLink),
                new XAttribute(XNamespace.Xmlns + "xsi", Xsi), new XAttribute("version", "1.1"),
                new XElement(Uws + "jobId", job.Id),
                job.RunId is null ? null : new XElement(Uws + "runId", job.RunId),
                job.Owner is null ? Nil("ownerId") : new XElement(Uws + "ownerId", job.Owner),
                new XElement(Uws + "phase", job.Phase),
                new XElement(Uws + "quote", Time(job.CreationTime.AddSeconds(600))),
                new XElement(Uws + "creationTime", Time(job.CreationTime)),
                job.StartTime is { } s ? new XElement(Uws + "startTime", Time(s)) : Nil("startTime"),
                job.EndTime is { } e ? new XElement(Uws + "endTime", Time(e)) : Nil("endTime"),
                new XElement(Uws + "executionDuration", 600),
                new XElement(Uws + "destruction", Time(job.CreationTime.AddDays(7))),
                new XElement(Uws + "parameters",
                    new XElement(Uws + "parameter", new XAttribute("id", "LANG"), "ADQL"),
                    new XElement(Uws + "parameter", new XAttribute("id", "QUERY"), job.Query ?? ""),
                    job.MaxRec is null ? null : new XElement(Uws + "parameter", new XAttribute("id", "MAXREC"), job.MaxRec),
                    job.ResponseFormat is null ? null : new XElement(Uws + "parameter", new XAttribute("id", "RESPONSEFORMAT"), job.ResponseFormat)),
                new XElement(Uws + "results", job.Result is null ? null
                    : new XElement(Uws + "result", new XAttribute("id", "result"), new XAttribute(XLink + "href", TapUrl + "/results/" + job.Id))),
                job.Error is null ? null : new XElement(Uws + "errorSummary", new XAttribute("type", "fatal"), new XAttribute("hasDetail", "true"),
                    new XElement(Uws + "message", job.Error)));
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doc;
        }

        private static string Time(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private static string NewId()
        {
            const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            return new string(Enumerable.Range(0, 16).Select(_ => alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());
        }

        public void Dispose() => _server.Dispose();
    }

    /// <summary>A UWS job held by <see cref="CadcDouble"/>.</summary>
    internal sealed class DoubleJob
    {
        public DoubleJob(string id, string? owner)
        {
            Id = id;
            Owner = owner;
        }

        public string Id { get; }
        public string? Owner { get; }
        public string Phase { get; set; } = "PENDING";
        public DateTime CreationTime { get; set; } = DateTime.UtcNow;
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        public string? Query { get; set; }
        public string? MaxRec { get; set; }
        public string? ResponseFormat { get; set; }
        public string? RunId { get; set; }
        public string? Result { get; set; }
        public string? Error { get; set; }
    }

    public enum PhaseChangeAnswer
    {
        /// <summary>200 without a body: CADC's OpenAPI (tap-async-job-phase.yaml).</summary>
        Ok,
        /// <summary>303 to the job: cadc-uws's PostAction.</summary>
        SeeOther,
        /// <summary>200 with the job document.</summary>
        JobDocument,
    }

    public enum RejectionBody
    {
        /// <summary>text/plain: cadc-rest's answer to an IllegalArgumentException.</summary>
        TextPlain,
        /// <summary>A VOTable with QUERY_STATUS=ERROR: cadc-tap's error writer.</summary>
        VOTable,
        /// <summary>Tomcat's HTML error report.</summary>
        Html,
        /// <summary>No body at all.</summary>
        Empty,
    }
}
