using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.IO;
using Cadc.Core.Errors;
using Cadc.Core.Http;

namespace Cadc.Core.Download
{
    /// <summary>What a download did.</summary>
    public sealed class DownloadResult
    {
        public DownloadResult(string path, long bytes, bool skipped, bool resumed, string? md5)
        {
            Path = path;
            Bytes = bytes;
            Skipped = skipped;
            Resumed = resumed;
            Md5 = md5;
        }

        public string Path { get; }
        public long Bytes { get; }
        /// <summary>An identical file was already there.</summary>
        public bool Skipped { get; }
        /// <summary>An earlier partial download (.part) was continued with Range.</summary>
        public bool Resumed { get; }
        /// <summary>The file's MD5 (hex), checked against the service's Digest/Content-MD5 or the expected one when either was known.</summary>
        public string? Md5 { get; }
    }

    /// <summary>
    /// Downloads one file safely: into <c>name.part</c>, renamed only after the length and the MD5 (Digest: md5=,
    /// Content-MD5, or the caller's expected checksum) verify.
    /// An existing file is skipped only when an MD5 is known and it matches; otherwise it is never replaced without
    /// <c>force</c> (FileExists). A .part is resumed only when the server described it, when it began, with a validator
    /// (strong ETag, else Last-Modified) that it still gives, with the same length: the Range request carries If-Range,
    /// a 200 answer starts again from byte 0, and a 206 must cover exactly the rest of that length. Without a validator
    /// nothing is resumed. A failed download keeps its .part only when it can be resumed; a wrong MD5 keeps nothing.
    /// The file is the bytes as served: no content coding is asked for or undone (minoc sends a stored .fits.gz with
    /// Content-Encoding: gzip; it is saved as that gzip), and the length and MD5 are of those bytes. The Digest md5
    /// is read in both of cadcutils' forms (base64 of the 16 bytes, or of the hex text).
    /// File names from Content-Disposition or the URL go through <see cref="SafeName"/>, and nothing is written through
    /// a link (PartFile), so nothing is written outside the folder.
    /// </summary>
    public static class FileDownloader
    {
        public static Task<DownloadResult> DownloadAsync(Uri url, string folder, string? fileName, string? expectedMd5, bool force,
            IProgress<long>? progress, CadcCall call)
            => DownloadAsync(url, folder, fileName, expectedMd5, null, force, null, progress, call);

        /// <param name="expectedLength">The length the caller knows (DataLink's content_length), checked when the server sends none.</param>
        /// <param name="claims">The names other downloads of the same batch took; null: this one is alone.</param>
        public static async Task<DownloadResult> DownloadAsync(Uri url, string folder, string? fileName, string? expectedMd5, long? expectedLength, bool force,
            PathClaims? claims, IProgress<long>? progress, CadcCall call)
        {
            // Only http(s) is fetched; checked here as well as in the pipeline, before any handler of the runtime sees the URL.
            UrlText.RequireHttp(url, null);
            var context = call.Context;
            var log = call.Log;
            var cancel = call.Cancel;
            var response = await context.SendAsync(Get(url), log, cancel).ConfigureAwait(false);
            try
            {
                if (!response.IsSuccessStatusCode)
                    throw await HttpErrors.FromResponseAsync(response, context, cancel).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NoContent)
                    throw new CadcException(ErrorIds.NoData, CadcErrorKind.ObjectNotFound,
                        $"{UrlText.Redact(url)} answered 204 No Content: nothing to save (for a cutout: the region does not overlap the data).", url)
                    { RecommendedAction = "Check the cutout position and radius against the plane's footprint (s_ra, s_dec, position_bounds)." };
                if (response.StatusCode == HttpStatusCode.PartialContent)
                    throw new CadcException(ErrorIds.UnexpectedPartialContent, CadcErrorKind.ProtocolError,
                        $"{UrlText.Redact(url)} answered a request for the whole file with 206 Partial Content ({response.Content.Headers.ContentRange}); nothing was saved.", url);
                var name = SafeName(fileName ?? response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName ?? UrlName(url), url);
                if (claims != null) name = claims.Claim(name, url);
                var path = System.IO.Path.Combine(folder, name);
                var length = response.Content.Headers.ContentLength ?? expectedLength;
                var md5 = ExpectedMd5(response) ?? NormaliseMd5(expectedMd5);
                var validator = Validator(response);
                var copies = new SavedCopies(context.Configuration.DocumentCacheFolder);
                var replaceOurCopy = false;
                if (!force && PartFile.Exists(path))
                {
                    // Only a matching MD5 proves the file there is this one; a length says nothing about the bytes.
                    var link = PartFile.IsLink(path);
                    var there = link || md5 is null ? null : Md5Of(path);
                    if (there != null && string.Equals(there, md5, StringComparison.OrdinalIgnoreCase))
                    {
                        log.Verbose($"{path} is already there, identical (md5 {md5}): skipped");
                        return new DownloadResult(path, new FileInfo(path).Length, skipped: true, resumed: false, md5);
                    }
                    // Or CadcPS's own record: the file is, untouched, what it saved from this very URL (see SavedCopies).
                    if (!link && copies.IsOurCopy(path, url, out var record))
                    {
                        var unchanged = md5 != null ? string.Equals(record!.Md5, md5, StringComparison.OrdinalIgnoreCase)
                            : validator != null && record!.Validator != null ? validator == record.Validator
                            : length is null || length == record!.Length;
                        if (unchanged)
                        {
                            log.Verbose($"{path} is the copy CadcPS saved from {UrlText.Redact(url)}, and the service describes the same file: skipped");
                            return new DownloadResult(path, record!.Length, skipped: true, resumed: false, record.Md5);
                        }
                        log.Verbose($"{path} is the copy CadcPS saved from {UrlText.Redact(url)}, which the service has changed since: downloading it again");
                        replaceOurCopy = true;
                    }
                    if (!replaceOurCopy)
                        throw new CadcException(ErrorIds.FileExists, CadcErrorKind.ResourceExists,
                            $"'{path}' already exists and " + (link ? "is a symbolic link, which is never written through"
                                : md5 is null ? "CadcPS cannot tell it is this file (the service gave no MD5)" : $"differs from it (its MD5 is {there}, the service's {md5})")
                            + "; -Force replaces it.", path)
                        { RecommendedAction = "Run again with -Force to replace the file, or save into another -Path." };
                }
                var part = path + ".part";
                var stateFile = ResumeState.FileOf(path);
                var state = response.Headers.AcceptRanges.Contains("bytes") ? ResumeState.Of(response) : null;
                var resumed = false;
                if (state != null && !PartFile.IsLink(part) && File.Exists(part) && state.SameAs(ResumeState.Read(stateFile))
                    && new FileInfo(part).Length is var have && have > 0 && have < state.Length)
                {
                    // The same file as when the .part began: ask for the rest, only if it is still that file.
                    var ranged = Get(url);
                    ranged.Headers.Range = new RangeHeaderValue(have, null);
                    ranged.Headers.TryAddWithoutValidation("If-Range", state.Value);
                    var rest = await context.SendAsync(ranged, log, cancel).ConfigureAwait(false);
                    var range = rest.Content.Headers.ContentRange;
                    if (rest.StatusCode == HttpStatusCode.PartialContent && range != null && range.Unit == "bytes"
                        && range.From == have && range.To == state.Length - 1 && range.Length == state.Length)
                    {
                        response.Dispose();
                        response = rest;
                        resumed = true;
                        log.Verbose($"Resuming {name} at byte {have:N0}");
                    }
                    else
                    {
                        // 200 (If-Range failed: the file changed), or a 206 that is not the rest of this file: the
                        // first answer is the whole file, so the download starts again from byte 0 with it.
                        log.Verbose($"{name}: the partial file is not continued (the server answered {(int)rest.StatusCode} {range}); starting again.");
                        rest.Dispose();
                    }
                }
                var total = length;
                long size;
                if (!resumed)
                {
                    PartFile.TryDelete(stateFile);
                    state?.Write(stateFile);
                }
                var file = PartFile.Open(part, resumed);
                try
                {
                    using (file)
                    {
                        var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                        using var stream = new ResponseStream(response, body, context.Configuration.Timeout, cancel);
                        var buffer = new byte[81920];
                        int n;
                        while ((n = await stream.ReadAsync(buffer, 0, buffer.Length, cancel).ConfigureAwait(false)) > 0)
                        {
                            await file.WriteAsync(buffer, 0, n, cancel).ConfigureAwait(false);
                            progress?.Report(n);
                        }
                    }
                    size = new FileInfo(part).Length;
                    if (total.HasValue && size != total.Value)
                        throw new CadcException(ErrorIds.DownloadIncomplete, CadcErrorKind.InvalidData,
                            $"{name}: {size:N0} of {total.Value:N0} bytes arrived; " + (state != null
                                ? $"the partial file {part} is kept and the next attempt resumes it."
                                : "the server cannot resume it (no Range support or no ETag/Last-Modified), so the partial file was discarded."), url);
                }
                catch
                {
                    // A partial file is only worth keeping when the next attempt can continue it;
                    // otherwise it would be restarted from 0 anyway and is just a misleading leftover.
                    if (state is null || !File.Exists(part) || new FileInfo(part).Length == 0) Discard(part, stateFile);
                    throw;
                }
                var actual = Md5Of(part);
                if (md5 != null && !string.Equals(actual, md5, StringComparison.OrdinalIgnoreCase))
                {
                    Discard(part, stateFile);
                    throw new CadcException(ErrorIds.ChecksumMismatch, CadcErrorKind.InvalidData,
                        $"{name}: the MD5 is {actual}, the service said {md5}; the file was discarded.", url);
                }
                // Without force nothing under the final name is replaced, not even a file that appeared meanwhile.
                PartFile.Complete(part, path, replace: force || replaceOurCopy);
                PartFile.TryDelete(stateFile);
                copies.Remember(path, url, actual, validator);
                log.Verbose($"Saved {path} ({size:N0} bytes{(md5 != null ? ", md5 verified" : "")})");
                return new DownloadResult(path, size, skipped: false, resumed, actual);
            }
            finally
            {
                response.Dispose();
            }
        }

        private static HttpRequestMessage Get(Uri url)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            ContentDecodingHandler.KeepBytesAsServed(request);
            return request;
        }

        private static void Discard(string part, string stateFile)
        {
            PartFile.TryDelete(part);
            PartFile.TryDelete(stateFile);
        }

        /// <summary>
        /// A bare file name that is safe in any folder: decoded, no folders, no character Windows or Unix refuses, no
        /// control character or terminal escape, never empty, a dot name, a dot file or a Windows device name, and
        /// within 250 UTF-8 bytes so that name.part fits in 255 (a longer one keeps its start and extension around a stable hash).
        /// </summary>
        public static string SafeName(string name, Uri url) => FileNames.Safe(name, url);

        /// <summary>The name a file is saved under when neither the plan nor the server's answer names it: the URL's last segment.</summary>
        internal static string UrlName(Uri url) => url.Segments.LastOrDefault() ?? "download";

        internal static string StableHash(string text) => FileNames.StableHash(text);

        /// <summary>The server's description of this version of the file: its strong ETag, else its Last-Modified.</summary>
        private static string? Validator(HttpResponseMessage response)
        {
            var etag = response.Headers.ETag;
            if (etag != null && !etag.IsWeak) return "ETag " + etag.Tag;
            return response.Content.Headers.LastModified is DateTimeOffset modified
                ? "Last-Modified " + modified.ToString("r", System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        private static string? ExpectedMd5(HttpResponseMessage response)
        {
            // RFC 3230 Digest: md5=<base64>; Content-MD5: <base64>
            if (response.Headers.TryGetValues("Digest", out var digests))
                foreach (var d in digests.SelectMany(v => v.Split(',')))
                {
                    var t = d.Trim();
                    if (t.StartsWith("md5=", StringComparison.OrdinalIgnoreCase)) return DigestMd5(t.Substring(4));
                }
            var contentMd5 = response.Content.Headers.ContentMD5;
            return contentMd5 != null ? BitConverter.ToString(contentMd5).Replace("-", "").ToLowerInvariant() : null;
        }

        /// <summary>
        /// The hex MD5 of a Digest md5= value, in both forms cadcutils accepts (net.extract_md5): base64 of the 16 bytes
        /// (RFC 3230, what minoc sends), or base64 of the 32 hex characters (the legacy form of the old archive, AD).
        /// Anything else decodes to its bytes' hex, which no file matches (cadcutils too calls that corruption);
        /// text that is not base64 at all says nothing (null).
        /// </summary>
        private static string? DigestMd5(string base64)
        {
            byte[] bytes;
            try { bytes = Convert.FromBase64String(base64.Trim()); }
            catch (FormatException) { return null; }
            if (bytes.Length == 32 && bytes.All(IsHexDigit)) return System.Text.Encoding.ASCII.GetString(bytes).ToLowerInvariant();
            return BitConverter.ToString(bytes).Replace("-", "").ToLowerInvariant();
        }

        private static bool IsHexDigit(byte b) => b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';

        /// <summary>"md5:abc..." (CAOM2 contentChecksum) or plain hex.</summary>
        private static string? NormaliseMd5(string? md5)
        {
            if (string.IsNullOrWhiteSpace(md5)) return null;
            var t = md5!.Trim();
            if (t.StartsWith("md5:", StringComparison.OrdinalIgnoreCase)) t = t.Substring(4);
            return t.Length == 32 ? t.ToLowerInvariant() : null;
        }

        internal static string Md5Of(string path)
        {
            using var md5 = MD5.Create();
            using var s = File.OpenRead(path);
            return BitConverter.ToString(md5.ComputeHash(s)).Replace("-", "").ToLowerInvariant();
        }
    }
}
