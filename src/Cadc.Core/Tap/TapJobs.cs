using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Http;
using Cadc.Core.Uws;
using Cadc.Core.VOTable;

namespace Cadc.Core.Tap
{
    /// <summary>Asynchronous TAP queries: the UWS job lifecycle on a TAP service's /async endpoint.</summary>
    public sealed class TapJobs
    {
        private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(20);
        private readonly CadcContext _context;
        private readonly CadcCall? _call;
        private TapService? _service;

        public TapJobs(TapService service)
        {
            _context = service.Context;
            _service = service;
        }

        private TapJobs(CadcCall call)
        {
            _context = call.Context;
            _call = call;
        }

        /// <summary>
        /// The async side of the TAP service the call names (its -Service, else the session's). Nothing is looked up yet: a job
        /// given by its full URL needs no registry, so the service is resolved only when a job id, a list or a new job needs it.
        /// </summary>
        public static Task<TapJobs> ResolveAsync(CadcCall call) => Task.FromResult(new TapJobs(call));

        private async Task<TapService> ServiceAsync(CadcCall call)
            => _service ??= await TapService.ResolveAsync(_call ?? call).ConfigureAwait(false);

        /// <summary>
        /// A job's URL as given, or, for an id, a relative URL that the job operations complete with this service's async
        /// endpoint (resolved then, not before).
        /// </summary>
        public Uri JobUrl(string idOrUrl)
        {
            var text = (idOrUrl ?? "").Trim();
            if (text.Length == 0) throw new CadcException(ErrorIds.JobNotFound, CadcErrorKind.InvalidArgument, "The job id is empty.", idOrUrl);
            if (Uri.TryCreate(text, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)) return u;
            // "." and ".." would address the job list or the TAP service itself (Remove-CadcJob '.' sent DELETE to
            // .../async/); an id is one path segment of letters, digits and - _ . ~ (UWS ids are opaque, but CADC's,
            // DaCHS's and pyvo's servers all use such ids).
            if (!IsId(text))
                throw new CadcException(ErrorIds.JobNotFound, CadcErrorKind.InvalidArgument, $"'{text}' is not a job id: give the id (letters, digits, - _ . ~) or the job's URL.", idOrUrl);
            return _service is null ? new Uri(text, UriKind.Relative) : At(_service, text);
        }

        /// <summary>An absolute job URL: a job id (relative, from <see cref="JobUrl"/>) completed with the service's async endpoint.</summary>
        private async Task<Uri> AbsoluteAsync(Uri jobUrl, CadcCall call)
            => jobUrl.IsAbsoluteUri ? jobUrl : At(await ServiceAsync(call).ConfigureAwait(false), jobUrl.OriginalString);

        private static Uri At(TapService service, string id) => new Uri(service.AsyncUrl.AbsoluteUri.TrimEnd('/') + "/" + id);

        private static bool IsId(string text) => text != "." && text != ".." && text.Length > 0 && IsIdText(text);

        private static bool IsIdText(string text)
        {
            foreach (var c in text)
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~')) return false;
            return true;
        }

        /// <summary>Creates the job (POST to /async, which answers 303 to the job) and, with <paramref name="run"/>, starts it.</summary>
        public async Task<UwsJob> CreateAsync(TapQuery query, bool run, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            var format = string.IsNullOrWhiteSpace(query.ResponseFormat) ? TapService.DefaultResponseFormat : query.ResponseFormat!;
            var service = await ServiceAsync(call).ConfigureAwait(false);
            log.Verbose($"TAP async job at {UrlText.Redact(service.AsyncUrl)}: QUERY={query.Adql}");
            // Never retried: a second POST would make a second job.
            var job = await PostAsync(service.AsyncUrl, query.Content(format), log, cancel, query.Adql).ConfigureAwait(false);
            KeepOnServiceOrigin(job, service.AsyncUrl, log);
            if (run && job.Url != null)
            {
                job = await PostFormAsync(Append(job.Url, "phase"), new[] { Pair("PHASE", "RUN") }, log, cancel, query.Adql, job.Url).ConfigureAwait(false);
                KeepOnServiceOrigin(job, service.AsyncUrl, log);
            }
            return job;
        }

        public async Task<UwsJob> GetAsync(Uri jobUrl, CadcCall call)
            => await GetAsync(await AbsoluteAsync(jobUrl, call).ConfigureAwait(false), call.Log, call.Cancel).ConfigureAwait(false);

        private async Task<UwsJob> GetAsync(Uri jobUrl, ICadcLog log, CancellationToken cancel, TimeSpan? wait = null, string? whilePhase = null)
        {
            var url = jobUrl;
            if (wait.HasValue)
                url = new Uri(jobUrl.AbsoluteUri + (jobUrl.Query.Length > 0 ? "&" : "?") + "WAIT=" + ((int)wait.Value.TotalSeconds).ToString(CultureInfo.InvariantCulture)
                    + (whilePhase != null ? "&PHASE=" + whilePhase : ""));
            try
            {
                using var body = await _context.GetAsync(url, log, cancel).ConfigureAwait(false);
                return Parse(body, jobUrl);
            }
            catch (CadcHttpException ex) when (IsGone(ex))
            {
                throw NotFound(jobUrl, ex);
            }
        }

        /// <summary>
        /// Waits until the job leaves the active phases, long-polling with UWS WAIT (and backing off when the
        /// service ignores it). Cancelling stops the wait, not the job.
        /// </summary>
        public async Task<UwsJob> WaitAsync(Uri jobUrl, TimeSpan? timeout, Action<UwsJob, TimeSpan>? progress, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            var started = DateTime.UtcNow;
            var poll = TimeSpan.FromSeconds(1);
            jobUrl = await AbsoluteAsync(jobUrl, call).ConfigureAwait(false);
            var job = await GetAsync(jobUrl, log, cancel).ConfigureAwait(false);
            while (UwsPhase.IsActive(job.Phase))
            {
                var elapsed = DateTime.UtcNow - started;
                progress?.Invoke(job, elapsed);
                if (timeout.HasValue && elapsed >= timeout.Value)
                    throw new CadcException(ErrorIds.JobWaitTimeout, CadcErrorKind.OperationTimeout,
                        $"Job {job.Id} is still {job.Phase} after {timeout.Value.TotalSeconds:0} s; it keeps running on the service.", job.Id)
                    { RecommendedAction = "Wait again, or abort the job.", Remedy = CadcRemedy.WaitAgainOrAbort };
                var left = timeout.HasValue ? timeout.Value - elapsed : MaxPoll;
                var wait = TimeSpan.FromSeconds(Math.Max(1, Math.Min(Math.Min(poll.TotalSeconds, MaxPoll.TotalSeconds), Math.Ceiling(left.TotalSeconds))));
                var asked = DateTime.UtcNow;
                job = await GetAsync(jobUrl, log, cancel, wait, job.Phase).ConfigureAwait(false);
                // A service that ignores WAIT answers at once: pause here instead, so polling stays gentle.
                var spent = DateTime.UtcNow - asked;
                if (UwsPhase.IsActive(job.Phase) && spent < wait)
                    await Task.Delay(wait - spent, cancel).ConfigureAwait(false);
                poll = TimeSpan.FromSeconds(Math.Min(poll.TotalSeconds * 2, MaxPoll.TotalSeconds));
            }
            return job;
        }

        /// <summary>The job's failure as a typed error, or null when it completed.</summary>
        public async Task<CadcException?> FailureAsync(UwsJob job, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            if (job.Phase == UwsPhase.Completed) return null;
            if (job.Phase == UwsPhase.Aborted)
                return new CadcException(ErrorIds.JobAborted, CadcErrorKind.QueryError, $"Job {job.Id} was aborted.", job.Id);
            if (job.Phase != UwsPhase.Error)
                return new CadcException(ErrorIds.JobNotCompleted, CadcErrorKind.QueryError, $"Job {job.Id} is {job.Phase}, not COMPLETED.", job.Id)
                { RecommendedAction = "Wait for the job to finish.", Remedy = CadcRemedy.WaitForJob };
            var message = job.ErrorMessage;
            if (job.Url != null)
            {
                // The error document (often a VOTable with QUERY_STATUS=ERROR) says more than the summary.
                try
                {
                    using var body = await _context.GetAsync(Append(job.Url, "error"), log, cancel).ConfigureAwait(false);
                    using var reader = new StreamReader(body);
                    var text = await reader.ReadToEndAsync().ConfigureAwait(false);
                    message = ErrorText(text) ?? message;
                }
                catch (CadcException) { }
            }
            return new TapQueryException(message ?? "(the service gave no error message)", job.Query ?? job.Id, ErrorIds.JobFailed);
        }

        /// <summary>Opens the job's result for reading rows (it must be COMPLETED).</summary>
        public async Task<TapResult> OpenResultAsync(UwsJob job, CadcCall call, Stream? copyTo = null)
        {
            var failure = await FailureAsync(job, call).ConfigureAwait(false);
            if (failure != null) throw failure;
            var url = job.Results.FirstOrDefault(r => r.Key == "result").Value ?? job.Results.FirstOrDefault().Value ?? Append(job.Url!, "results/result");
            // The href is the job document's say-so: from a job on a host the session does not trust, it gains no credential.
            var result = await TapService.OpenResultAsync(_context, url, job.Query ?? job.Id, call, copyTo, derivedFrom: job.Url).ConfigureAwait(false);
            result.Limit = job.MaxRecords; // DaCHS's job results have MAXREC+1 rows: -OutFile keeps to the job's MAXREC
            return result;
        }

        public async Task<UwsJob> AbortAsync(Uri jobUrl, CadcCall call)
        {
            jobUrl = await AbsoluteAsync(jobUrl, call).ConfigureAwait(false);
            return await PostFormAsync(Append(jobUrl, "phase"), new[] { Pair("PHASE", "ABORT") }, call.Log, call.Cancel, jobUrl: StripQuery(jobUrl)).ConfigureAwait(false);
        }

        /// <summary>
        /// Deletes the job (DELETE, or POST ACTION=DELETE where DELETE is refused). cadc-uws and DaCHS answer with 303 to
        /// the job list: the job is gone then, and the redirect is not followed (it would read the whole job list, which
        /// cadc-uws refuses to anonymous callers).
        /// </summary>
        public async Task DeleteAsync(Uri jobUrl, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            jobUrl = await AbsoluteAsync(jobUrl, call).ConfigureAwait(false);
            var delete = new HttpRequestMessage(HttpMethod.Delete, jobUrl);
            RequestOptions.DoNotFollowRedirects(delete);
            using (var response = await _context.SendAsync(delete, log, cancel).ConfigureAwait(false))
            {
                if (Deleted(response)) return;
                if ((int)response.StatusCode != 405) throw await DeleteFailureAsync(response, jobUrl, cancel).ConfigureAwait(false);
            }
            // UWS also allows POST ACTION=DELETE where DELETE is not accepted.
            var post = new HttpRequestMessage(HttpMethod.Post, jobUrl) { Content = new FormUrlEncodedContent(new[] { Pair("ACTION", "DELETE") }) };
            RequestOptions.DoNotFollowRedirects(post);
            using (var response = await _context.SendAsync(post, log, cancel).ConfigureAwait(false))
            {
                if (Deleted(response)) return;
                throw await DeleteFailureAsync(response, jobUrl, cancel).ConfigureAwait(false);
            }
        }

        /// <summary>2xx, or the 303 (302 from older servers) to the job list that UWS answers a delete with.</summary>
        private static bool Deleted(HttpResponseMessage response)
            => response.IsSuccessStatusCode || (int)response.StatusCode == 303 || (int)response.StatusCode == 302;

        private async Task<CadcException> DeleteFailureAsync(HttpResponseMessage response, Uri jobUrl, CancellationToken cancel)
        {
            var error = await HttpErrors.FromResponseAsync(response, _context, cancel).ConfigureAwait(false);
            return IsGone(error) ? NotFound(jobUrl, error) : error;
        }

        /// <summary>The caller's jobs (UWS 1.1 filters PHASE, AFTER, LAST, applied again here for services that ignore them).</summary>
        public async Task<IReadOnlyList<UwsJob>> ListAsync(IReadOnlyList<string>? phases, DateTime? after, int? last, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            var query = new List<string>();
            foreach (var p in phases ?? Array.Empty<string>()) query.Add("PHASE=" + Uri.EscapeDataString(p.ToUpperInvariant()));
            // cadc-uws parses AFTER as yyyy-MM-dd'T'HH:mm:ss.SSS'Z' only (400 without the milliseconds); DaCHS takes it too.
            if (after.HasValue) query.Add("AFTER=" + Uri.EscapeDataString(after.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
            if (last.HasValue) query.Add("LAST=" + last.Value.ToString(CultureInfo.InvariantCulture));
            var service = await ServiceAsync(call).ConfigureAwait(false);
            var url = new Uri(service.AsyncUrl.AbsoluteUri + (query.Count > 0 ? "?" + string.Join("&", query) : ""));
            IReadOnlyList<UwsJob> jobs;
            using (var body = await _context.GetAsync(url, log, cancel).ConfigureAwait(false))
            {
                try { jobs = UwsParser.ParseJobList(body, service.AsyncUrl); }
                catch (FormatException ex) { throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData, $"{UrlText.Redact(url)} did not answer with a UWS job list: {ex.Message}", url, ex); }
            }
            foreach (var job in jobs) KeepOnServiceOrigin(job, service.AsyncUrl, log);
            IEnumerable<UwsJob> result = jobs;
            if (phases != null && phases.Count > 0) result = result.Where(j => phases.Contains(j.Phase, StringComparer.OrdinalIgnoreCase));
            if (after.HasValue) result = result.Where(j => j.CreationTime is null || j.CreationTime > after.Value.ToUniversalTime());
            if (last.HasValue)
                result = result.OrderByDescending(j => j.CreationTime ?? DateTime.MinValue).Take(last.Value);
            return result.ToList();
        }

        /// <summary>
        /// A job listed or created by a service is that service's: an href (or a creation's 303) to another origin is the
        /// service's say-so, and taking it would point Remove-CadcJob, Wait-CadcJob or Receive-CadcJob (with the session's
        /// credential) at a host the service has no say over. Such a job is addressed by its id under the service's async
        /// endpoint instead (or has no URL when its id is not one); one trusted host naming another keeps its URL.
        /// </summary>
        private void KeepOnServiceOrigin(UwsJob job, Uri listUrl, ICadcLog log)
        {
            if (job.Url is null || UrlText.Origin(job.Url).Equals(UrlText.Origin(listUrl), StringComparison.OrdinalIgnoreCase)) return;
            if (_context.Session.IsTrusted(listUrl) && _context.Session.IsTrusted(job.Url)) return;
            var own = IsId(job.Id) ? new Uri(listUrl.AbsoluteUri.TrimEnd('/') + "/" + job.Id) : null;
            log.Verbose($"{UrlText.Origin(listUrl)} names job {job.Id} at {UrlText.Origin(job.Url)}: taken as {(own is null ? "(no URL)" : UrlText.Redact(own))}");
            job.Url = own;
        }

        private Task<UwsJob> PostFormAsync(Uri url, IEnumerable<KeyValuePair<string, string>> fields, ICadcLog log, CancellationToken cancel, string? query = null, Uri? jobUrl = null)
            => PostAsync(url, new FormUrlEncodedContent(fields), log, cancel, query, jobUrl);

        /// <summary>
        /// POSTs to the job list (a creation, answered 303 to the new job) or to one of a job's resources (<paramref name="jobUrl"/>:
        /// a phase change, answered 303 to the job by cadc-uws and DaCHS, 200 without the job by CADC's OpenAPI), and returns the
        /// job as it now is: the answer's, else read again.
        /// </summary>
        /// <param name="query">The job's ADQL when the POST submits it (creation, PHASE=RUN): a 400 then is the service
        /// rejecting the query, whatever the body's format.</param>
        private async Task<UwsJob> PostAsync(Uri url, HttpContent content, ICadcLog log, CancellationToken cancel, string? query = null, Uri? jobUrl = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            string text;
            Uri answeredAt;
            using (var response = await _context.SendAsync(request, log, cancel).ConfigureAwait(false))
            {
                text = await HttpErrors.ReadPrefixAsync(response, cancel).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var error = HttpErrors.FromBody(response, text, _context);
                    if (IsGone(error)) throw NotFound(url, error);
                    if (query != null && TapService.Rejection(response, text, isQuery: true) is { } rejected) throw new TapQueryException(rejected, query);
                    var status = ErrorText(text);
                    if (status != null && (int)response.StatusCode == 400) throw new TapQueryException(status, url.AbsoluteUri);
                    throw error;
                }
                answeredAt = StripQuery(response.RequestMessage?.RequestUri ?? url);
            }
            // After a 303 the answer is the job itself, at its own URL; a direct answer is about the job the POST was to.
            var redirected = answeredAt != StripQuery(url);
            var at = redirected || jobUrl is null ? answeredAt : jobUrl;
            if (TryParse(text, at, out var job, out var problem)) return job;
            if (jobUrl is null) throw InvalidJob(at, problem);
            log.Verbose($"{UrlText.Redact(url)} answered without the job: reading it at {UrlText.Redact(jobUrl)}");
            return await GetAsync(jobUrl, log, cancel).ConfigureAwait(false);
        }

        private static bool TryParse(string text, Uri url, out UwsJob job, out FormatException? problem)
        {
            job = null!;
            problem = null;
            try
            {
                using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
                job = UwsParser.ParseJob(body, url);
                return true;
            }
            catch (FormatException ex)
            {
                problem = ex;
                return false;
            }
        }

        private static CadcException InvalidJob(Uri url, Exception? ex)
            => new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData, $"{UrlText.Redact(url)} did not answer with a UWS job: {ex?.Message}", url, ex);

        private static UwsJob Parse(Stream body, Uri url)
        {
            try { return UwsParser.ParseJob(body, url); }
            catch (FormatException ex) { throw InvalidJob(url, ex); }
        }

        /// <summary>A QUERY_STATUS=ERROR message (as in sync answers), else a plain-text body.</summary>
        private static string? ErrorText(string text)
        {
            var status = TapService.QueryStatusError(text);
            if (status != null) return status;
            var t = text.Trim();
            return t.Length > 0 && !t.StartsWith("<", StringComparison.Ordinal) ? (t.Length > 1000 ? t.Substring(0, 1000) : t) : null;
        }

        private static bool IsGone(CadcHttpException error) => error.StatusCode == 404 || error.StatusCode == 410;

        private static CadcException NotFound(Uri jobUrl, Exception inner)
            => new CadcException(ErrorIds.JobNotFound, CadcErrorKind.ObjectNotFound, $"There is no job at {UrlText.Redact(jobUrl)}: it was deleted, has expired, or the id is wrong.", jobUrl.AbsoluteUri, inner);

        private static Uri StripQuery(Uri u) => new Uri(u.GetLeftPart(UriPartial.Path));
        private static Uri Append(Uri u, string path) => new Uri(StripQuery(u).AbsoluteUri.TrimEnd('/') + "/" + path);
        private static KeyValuePair<string, string> Pair(string k, string v) => new KeyValuePair<string, string>(k, v);
    }
}
