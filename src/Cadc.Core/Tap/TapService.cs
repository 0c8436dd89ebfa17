using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Tap;
using Cadc.Core.IO;
using Cadc.Core.Errors;
using Cadc.Core.Http;
using Cadc.Core.Registry;
using Cadc.Core.VOTable;

namespace Cadc.Core.Tap
{
    /// <summary>A TAP service resolved for one session: its endpoints, and synchronous queries against it.</summary>
    public sealed class TapService
    {
        /// <summary>What is sent when the caller does not choose: a VOTable in the service's own serialization.</summary>
        public const string DefaultResponseFormat = "votable";

        private readonly CadcContext _context;

        private TapService(CadcContext context, string name, Uri baseUrl)
        {
            _context = context;
            Name = name;
            BaseUrl = baseUrl;
        }

        public string Name { get; }
        public Uri BaseUrl { get; }
        internal CadcContext Context => _context;
        public Uri SyncUrl => Append(BaseUrl, "sync");
        public Uri AsyncUrl => Append(BaseUrl, "async");

        /// <summary>
        /// Resolves <paramref name="service"/>: an http(s) URL is the TAP base URL as given (no lookup);
        /// an ivo:// id goes through the registry and the service's capabilities.
        /// </summary>
        public static async Task<TapService> ResolveAsync(CadcCall call)
        {
            var context = call.Context;
            var name = call.Service ?? context.Configuration.TapService;
            if (ServiceResolver.IsDirectUrl(name, out var direct))
            {
                call.Log.Verbose($"TAP service: {UrlText.Redact(direct)} (given directly)");
                return new TapService(context, name, direct);
            }
            var endpoint = await context.Services.ResolveAsync(name, new[] { StandardIds.Tap }, call).ConfigureAwait(false);
            await context.Services.TrustAsync(name, call).ConfigureAwait(false);
            call.Log.Verbose($"TAP service: {UrlText.Redact(endpoint.AccessUrl)}");
            return new TapService(context, name, endpoint.AccessUrl);
        }

        /// <summary>
        /// Runs <paramref name="query"/> synchronously and returns the result positioned before its first row.
        /// When <paramref name="copyTo"/> is given, the response is written there byte for byte as it is read.
        /// </summary>
        public async Task<TapResult> ExecuteSyncAsync(TapQuery query, CadcCall call, Stream? copyTo = null)
        {
            var log = call.Log;
            var format = string.IsNullOrWhiteSpace(query.ResponseFormat) ? DefaultResponseFormat : query.ResponseFormat!;
            log.Verbose($"TAP sync query to {UrlText.Redact(SyncUrl)}: LANG={query.Language} MAXREC={(query.MaxRecords?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(service default)")} RESPONSEFORMAT={format}");
            log.Verbose("QUERY=" + query.Adql);
            if (query.Uploads.Count > 0) log.Verbose("UPLOAD=" + string.Join(", ", query.Uploads.Select(u => $"{u.Name} ({(u.RowCount >= 0 ? u.RowCount.ToString("N0", System.Globalization.CultureInfo.CurrentCulture) + " rows, " : "")}{u.Size:N0} bytes)")));
            var request = new HttpRequestMessage(HttpMethod.Post, SyncUrl) { Content = query.Content(format) };
            // A sync query only reads: sending it again is safe, and a retry happens before any row is out.
            RequestOptions.AllowRetry(request);
            // The service runs the query before it answers (CADC allows 600 s); rows then stream under the idle timeout.
            RequestOptions.AllowLongAnswer(request, call.QueryTimeout);
            try
            {
                return await ReadResultAsync(request, SyncUrl, query.Adql, log, copyTo, call.Cancel, isQuery: true).ConfigureAwait(false);
            }
            catch (CadcException ex) when (ex.ErrorId == ErrorIds.RequestTimeout && !call.Cancel.IsCancellationRequested)
            {
                throw new CadcException(ErrorIds.RequestTimeout, CadcErrorKind.OperationTimeout,
                    $"The TAP service did not answer the query in time: {ex.Message}", SyncUrl, ex)
                {
                    RecommendedAction = "Run a long query asynchronously (a UWS job at the service's /async endpoint: no wait for its answer), or allow a longer wait.",
                    Remedy = CadcRemedy.RunAsJob,
                };
            }
        }

        /// <summary>Reads a result VOTable from <paramref name="url"/> (an async job's result), positioned before its first row.</summary>
        public Task<TapResult> OpenResultAsync(Uri url, string query, CadcCall call, Stream? copyTo = null)
            => OpenResultAsync(_context, url, query, call, copyTo, derivedFrom: null);

        /// <param name="derivedFrom">Where <paramref name="url"/> came from (the job that lists it): when the session does not
        /// trust that host, the result is read without credentials, whatever host the URL names.</param>
        internal static Task<TapResult> OpenResultAsync(CadcContext context, Uri url, string query, CadcCall call, Stream? copyTo, Uri? derivedFrom)
        {
            UrlText.RequireHttp(url, derivedFrom);
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            context.Session.DerivedFrom(request, derivedFrom);
            return ReadResultAsync(context, request, url, query, call.Log, copyTo, call.Cancel);
        }

        private Task<TapResult> ReadResultAsync(HttpRequestMessage request, Uri url, string adql, ICadcLog log, Stream? copyTo, CancellationToken cancel, bool isQuery = false)
            => ReadResultAsync(_context, request, url, adql, log, copyTo, cancel, isQuery);

        /// <param name="isQuery">The request is the query itself (sync), so a 400 is the service rejecting it.</param>
        private static async Task<TapResult> ReadResultAsync(CadcContext context, HttpRequestMessage request, Uri url, string adql, ICadcLog log, Stream? copyTo, CancellationToken cancel, bool isQuery = false)
        {
            var response = await context.SendAsync(request, log, cancel).ConfigureAwait(false);
            Stream? body = null;
            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    var text = await HttpErrors.ReadPrefixAsync(response, cancel).ConfigureAwait(false);
                    if (Rejection(response, text, isQuery) is { } rejected) throw new TapQueryException(rejected, adql);
                    throw HttpErrors.FromBody(response, text, context);
                }
                var raw = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var wire = new ResponseStream(response, raw, RequestOptions.IdleTimeout(request) ?? context.Configuration.Timeout, cancel);
                body = new BufferedStream(wire, 64 * 1024);
                var parsed = copyTo is null ? body : new TeeStream(body, copyTo);
                VOTableReader reader;
                try
                {
                    reader = VOTableReader.Open(parsed);
                }
                catch (VOTableFormatException ex)
                {
                    throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData,
                        $"{UrlText.Redact(url)} did not answer with a VOTable: {ex.Message}", url, ex);
                }
                if (!reader.HasTable && string.Equals(reader.QueryStatus, "ERROR", StringComparison.OrdinalIgnoreCase))
                {
                    reader.Dispose();
                    throw new TapQueryException(reader.QueryStatusMessage ?? "(no message)", adql);
                }
                return new TapResult(reader, body, adql, () => wire.BytesRead);
            }
            catch
            {
                if (body != null) body.Dispose();
                else response.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The result formats the service's TAP capability advertises (its outputFormats), in the document's order;
        /// null when it lists none, or when a service given by URL has no capabilities document to read.
        /// </summary>
        public async Task<IReadOnlyList<OutputFormat>?> OutputFormatsAsync(CadcCall call)
        {
            CapabilitiesDocument document;
            try
            {
                document = await _context.Services.GetCapabilitiesAsync(Name, call).ConfigureAwait(false);
            }
            catch (CadcException ex) when (ServiceResolver.IsDirectUrl(Name, out _) && !call.Cancel.IsCancellationRequested)
            {
                call.Log.Verbose($"{UrlText.Redact(BaseUrl)}: no capabilities to list its output formats ({ex.ErrorId})");
                return null;
            }
            var formats = document.Find(StandardIds.Tap).Select(c => c.OutputFormats).FirstOrDefault(f => f.Count > 0);
            return formats;
        }

        /// <summary>The VOSI tables endpoint: from the service's capabilities when it came from the registry, else base URL + /tables.</summary>
        public async Task<Uri> TablesUrlAsync(CadcCall call)
        {
            if (ServiceResolver.IsDirectUrl(Name, out _)) return Append(BaseUrl, "tables");
            try
            {
                var endpoint = await _context.Services.ResolveAsync(Name, new[] { StandardIds.Tables, StandardIds.TablesV10 }, call).ConfigureAwait(false);
                return endpoint.AccessUrl;
            }
            catch (CadcException ex) when (ex.ErrorId == ErrorIds.CapabilityNotFound)
            {
                return Append(BaseUrl, "tables");
            }
        }

        /// <summary>
        /// Streams the service's tables to <paramref name="onTable"/> as they are read; with <paramref name="tableName"/>,
        /// only that table (case-insensitive), with its columns, or a TableNotFound error.
        /// </summary>
        public async Task ReadTablesAsync(string? tableName, bool withColumns, Action<TapTable> onTable, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            var tables = await TablesUrlAsync(call).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(tableName))
            {
                // VOSI-tables 1.1: tables/<name> gives one table; services without it answer 404, then scan the set.
                try
                {
                    using var one = await _context.GetAsync(Append(tables, Uri.EscapeDataString(tableName!.Trim())), log, cancel).ConfigureAwait(false);
                    foreach (var t in Parse(one, true, tables))
                    {
                        onTable(t);
                        return;
                    }
                }
                catch (CadcHttpException ex) when (!HttpErrors.IsAccessOrAvailability(ex.StatusCode))
                {
                    log.Verbose($"{tableName}: no single-table endpoint ({ex.ErrorId}); reading the whole tableset");
                }
                using var all = await _context.GetAsync(tables, log, cancel).ConfigureAwait(false);
                foreach (var t in Parse(all, true, tables))
                {
                    cancel.ThrowIfCancellationRequested();
                    if (string.Equals(t.Name, tableName!.Trim(), StringComparison.OrdinalIgnoreCase)) { onTable(t); return; }
                }
                throw new CadcException(ErrorIds.TableNotFound, CadcErrorKind.ObjectNotFound, $"The TAP service has no table '{tableName}'.", tableName)
                { RecommendedAction = "List the service's tables (VOSI tables) to find the name.", Remedy = CadcRemedy.ListTables };
            }
            using var body = await _context.GetAsync(tables, log, cancel).ConfigureAwait(false);
            foreach (var t in Parse(body, withColumns, tables))
            {
                cancel.ThrowIfCancellationRequested();
                onTable(t);
            }
        }

        private static IEnumerable<TapTable> Parse(Stream body, bool withColumns, Uri url)
        {
            using var e = TableSetReader.Read(new BufferedStream(body, 64 * 1024), withColumns).GetEnumerator();
            while (true)
            {
                try
                {
                    if (!e.MoveNext()) yield break;
                }
                catch (FormatException ex)
                {
                    throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData, $"{UrlText.Redact(url)} did not answer with VOSI tables: {ex.Message}", url, ex);
                }
                yield return e.Current;
            }
        }

        /// <summary>
        /// Statuses about who is asking (401, 403) or whether the service is up (502-504): the typed HTTP error (with its
        /// hint to log in or try later) fits better than "the service rejected the query"; the body's message still shows.
        /// </summary>
        private static bool StatusOutranksQueryStatus(int code) => code == 401 || code == 403 || code == 502 || code == 503 || code == 504;

        /// <summary>
        /// Why the service rejected a query, when an error answer says it did: a QUERY_STATUS=ERROR VOTable (with any status
        /// but those of <see cref="StatusOutranksQueryStatus"/>), or, for the query request itself, any 400 whatever its body
        /// (CADC: text/plain from cadc-rest or a VOTable from cadc-tap; a front end: HTML; or nothing). Null: not a rejection.
        /// </summary>
        internal static string? Rejection(HttpResponseMessage response, string body, bool isQuery)
        {
            var code = (int)response.StatusCode;
            if (StatusOutranksQueryStatus(code)) return null;
            var status = QueryStatusError(body);
            if (status != null || !isQuery || code != 400) return status;
            return HttpErrors.ServerMessage(body, response.Content?.Headers.ContentType?.MediaType) is { Length: > 0 } said
                ? said
                : "(the service gave no reason: HTTP 400)";
        }

        /// <summary>The message of a QUERY_STATUS=ERROR VOTable (how TAP services report a failed query, with any HTTP status).</summary>
        internal static string? QueryStatusError(string body)
        {
            var raw = QueryStatusText.Find(body, "ERROR");
            if (raw is null) return null;
            var text = System.Net.WebUtility.HtmlDecode(raw).Trim();
            return text.Length == 0 ? "(no message)" : Regex.Replace(text, "\\s+", " ");
        }

        private static Uri Append(Uri baseUrl, string path) => new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + path);
    }
}
