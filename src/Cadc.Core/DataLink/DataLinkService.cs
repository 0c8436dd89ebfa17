using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Http;
using Cadc.Core.Registry;
using Cadc.Core.VOTable;

namespace Cadc.Core.DataLink
{
    /// <summary>One row of a DataLink response: a link of an ID, or that ID's error.</summary>
    public sealed class DataLinkRow
    {
        public string Id { get; internal set; } = "";
        public Uri? AccessUrl { get; internal set; }
        public string? ServiceDef { get; internal set; }
        public string? ErrorMessage { get; internal set; }
        public string? Description { get; internal set; }
        public string? Semantics { get; internal set; }
        public string? ContentType { get; internal set; }
        /// <summary>Bytes, when the service knows (-1 or empty in the response becomes null).</summary>
        public long? ContentLength { get; internal set; }
    }

    /// <summary>DataLink (links-1.0/1.1): the files and services of datasets, asked for many IDs per request.</summary>
    public sealed class DataLinkService
    {
        /// <summary>IDs per request, as astroquery sends.</summary>
        public const int BatchSize = 20;

        private readonly CadcContext _context;

        private DataLinkService(CadcContext context, Uri url)
        {
            _context = context;
            Url = url;
        }

        public Uri Url { get; }

        /// <summary>An ivo:// id through the registry (default ivo://cadc.nrc.ca/caom2ops), or the links endpoint URL as given.</summary>
        public static async Task<DataLinkService> ResolveAsync(CadcCall call)
        {
            var context = call.Context;
            var name = call.Service ?? context.Configuration.DataLinkService;
            if (ServiceResolver.IsDirectUrl(name, out var direct)) return new DataLinkService(context, direct);
            var endpoint = await context.Services.ResolveAsync(name, new[] { StandardIds.DataLink11, StandardIds.DataLink10 }, call).ConfigureAwait(false);
            await context.Services.TrustAsync(name, call).ConfigureAwait(false);
            call.Log.Verbose($"DataLink service: {UrlText.Redact(endpoint.AccessUrl)}");
            return new DataLinkService(context, endpoint.AccessUrl);
        }

        /// <summary>
        /// The links of <paramref name="ids"/> (one request for all of them; callers batch), handed over as they are read.
        /// <paramref name="downloadsOnly"/> sends REQUEST=downloads-only, CADC's way to leave out service links.
        /// </summary>
        /// <returns>The response's service descriptors (complete once every row was handed over).</returns>
        public async Task<IReadOnlyList<ServiceDescriptor>> ReadLinksAsync(IReadOnlyList<string> ids, bool downloadsOnly, Action<DataLinkRow> onRow, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            if (ids.Count == 0) return Array.Empty<ServiceDescriptor>();
            var query = string.Join("&", ids.Select(id => "ID=" + Uri.EscapeDataString(id)));
            if (downloadsOnly) query += "&REQUEST=downloads-only";
            var url = new Uri(Url.AbsoluteUri + (Url.Query.Length > 0 ? "&" : "?") + query);
            using var body = await _context.GetAsync(url, log, cancel).ConfigureAwait(false);
            VOTableReader reader;
            try { reader = VOTableReader.Open(new System.IO.BufferedStream(body, 64 * 1024)); }
            catch (VOTableFormatException ex)
            {
                throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData, $"{UrlText.Redact(Url)} did not answer with a DataLink VOTable: {ex.Message}", Url, ex);
            }
            using (reader)
            {
                int Col(string n) { for (var i = 0; i < reader.Fields.Count; i++) if (string.Equals(reader.Fields[i].Name, n, StringComparison.OrdinalIgnoreCase)) return i; return -1; }
                int id = Col("ID"), access = Col("access_url"), svc = Col("service_def"), err = Col("error_message"), desc = Col("description"),
                    sem = Col("semantics"), type = Col("content_type"), len = Col("content_length");
                if (id < 0 || sem < 0)
                    throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData, $"{UrlText.Redact(Url)} answered a VOTable without the DataLink columns ID and semantics.", Url);
                object?[]? row;
                while (true)
                {
                    try { row = reader.ReadRow(); }
                    catch (VOTableFormatException ex)
                    {
                        throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData, $"The DataLink answer broke off or is corrupt: {ex.Message}", Url, ex);
                    }
                    if (row is null) break;
                    string? S(int i) => i >= 0 && row[i] != null ? Convert.ToString(row[i], CultureInfo.InvariantCulture) : null;
                    var lengthText = S(len);
                    var link = new DataLinkRow
                    {
                        Id = S(id) ?? "",
                        AccessUrl = Uri.TryCreate(S(access) ?? "", UriKind.Absolute, out var u) ? u : null,
                        ServiceDef = S(svc),
                        ErrorMessage = S(err),
                        Description = S(desc),
                        Semantics = S(sem),
                        ContentType = S(type),
                        ContentLength = long.TryParse(lengthText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l >= 0 ? l : (long?)null,
                    };
                    // Only http and https are fetched: a file:, ftp:, data: or javascript: link is this ID's error, not a link.
                    if (link.AccessUrl != null && !UrlText.IsHttp(link.AccessUrl)) link = NotHttp(link, link.AccessUrl);
                    onRow(link);
                }
                if (string.Equals(reader.QueryStatus, "ERROR", StringComparison.OrdinalIgnoreCase))
                    throw new CadcException(ErrorIds.DataLinkError, CadcErrorKind.InvalidData, "The DataLink service failed: " + (reader.QueryStatusMessage ?? "(no message)"), Url);
                return reader.ServiceDescriptors.ToList();
            }
        }

        private static DataLinkRow NotHttp(DataLinkRow row, Uri url)
            => new DataLinkRow
            {
                Id = row.Id,
                Semantics = row.Semantics,
                Description = row.Description,
                ErrorMessage = $"its {row.Semantics ?? "link"} is a {url.Scheme}: URL, which CadcPS does not fetch (only http and https)",
            };

        /// <summary>
        /// The #cutout service of each of <paramref name="ids"/> from its DataLink service descriptor, as
        /// astroquery's get_image_list finds it, but for a batch of IDs per request. An ID whose links are an
        /// error, or that has no cutout service, goes to <paramref name="onError"/> instead.
        /// </summary>
        public async Task ReadCutoutServicesAsync(IReadOnlyList<string> ids, Action<string, CutoutService> onService, Action<DataLinkRow> onError, CadcCall call)
        {
            var rows = new List<DataLinkRow>();
            var failed = new HashSet<string>(StringComparer.Ordinal);
            var descriptors = await ReadLinksAsync(ids, false, link =>
            {
                if (link.ErrorMessage != null) { if (failed.Add(link.Id)) onError(link); }
                else if (link.Semantics == "#cutout") rows.Add(link);
            }, call).ConfigureAwait(false);
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (found.Contains(row.Id)) continue;
                var service = CutoutService.From(row, descriptors);
                if (service is null) continue;
                if (!UrlText.IsHttp(service.AccessUrl))
                {
                    if (failed.Add(row.Id)) onError(NotHttp(row, service.AccessUrl));
                    continue;
                }
                found.Add(row.Id);
                onService(row.Id, service);
            }
            foreach (var id in ids.Distinct())
                if (!found.Contains(id) && !failed.Contains(id))
                    onError(new DataLinkRow { Id = id, ErrorMessage = "no cutout service (its DataLink links have no synchronous #cutout service descriptor)" });
        }
    }
}
