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
    /// Downloads one file safely: into <c>name.part</c>, resumed with Range when a .part is there and the
    /// server allows it, renamed only after the length and the MD5 (Digest: md5=, Content-MD5, or the
    /// caller's expected checksum) verify. A failed download keeps its .part only when the server offers
    /// Range (Accept-Ranges: bytes), i.e. when the next attempt can resume it; a wrong MD5 keeps nothing.
    /// The file is the bytes as served: no content coding is asked for or undone (minoc sends a stored .fits.gz with
    /// Content-Encoding: gzip; it is saved as that gzip), and the length and MD5 are of those bytes. The Digest md5
    /// is read in both of cadcutils' forms (base64 of the 16 bytes, or of the hex text).
    /// File names from Content-Disposition are reduced to a bare name, so nothing is written outside the folder.
    /// </summary>
    public static class FileDownloader
    {
        public static async Task<DownloadResult> DownloadAsync(Uri url, string folder, string? fileName, string? expectedMd5, bool force,
            IProgress<long>? progress, CadcCall call)
        {
            var context = call.Context;
            var log = call.Log;
            var cancel = call.Cancel;
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            ContentDecodingHandler.KeepBytesAsServed(request);
            var response = await context.SendAsync(request, log, cancel).ConfigureAwait(false);
            try
            {
                if (!response.IsSuccessStatusCode)
                    throw await HttpErrors.FromResponseAsync(response, context, cancel).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NoContent)
                    throw new CadcException(ErrorIds.NoData, CadcErrorKind.ObjectNotFound,
                        $"{UrlText.Redact(url)} answered 204 No Content: nothing to save (for a cutout: the region does not overlap the data).", url)
                    { RecommendedAction = "Check the cutout position and radius against the plane's footprint (s_ra, s_dec, position_bounds)." };
                var name = SafeName(fileName ?? response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName ?? url.Segments.LastOrDefault() ?? "download", url);
                var path = System.IO.Path.Combine(folder, name);
                var length = response.Content.Headers.ContentLength;
                var md5 = ExpectedMd5(response) ?? NormaliseMd5(expectedMd5);
                if (!force && File.Exists(path) && (length is null || new FileInfo(path).Length == length) && (md5 != null || length != null)
                    && (md5 is null || string.Equals(Md5Of(path), md5, StringComparison.OrdinalIgnoreCase)))
                {
                    log.Verbose($"{path} is already there, identical ({(md5 != null ? "md5 " + md5 : length + " bytes")}): skipped");
                    return new DownloadResult(path, new FileInfo(path).Length, skipped: true, resumed: false, md5);
                }
                var part = path + ".part";
                var resumed = false;
                if (File.Exists(part) && new FileInfo(part).Length > 0 && response.Headers.AcceptRanges.Contains("bytes"))
                {
                    // Continue the earlier attempt: ask again for the rest only.
                    var have = new FileInfo(part).Length;
                    var ranged = new HttpRequestMessage(HttpMethod.Get, url);
                    ranged.Headers.Range = new RangeHeaderValue(have, null);
                    ContentDecodingHandler.KeepBytesAsServed(ranged);
                    var rest = await context.SendAsync(ranged, log, cancel).ConfigureAwait(false);
                    if (rest.StatusCode == HttpStatusCode.PartialContent && rest.Content.Headers.ContentRange?.From == have)
                    {
                        response.Dispose();
                        response = rest;
                        resumed = true;
                        log.Verbose($"Resuming {name} at byte {have:N0}");
                    }
                    else rest.Dispose();
                }
                var resumable = resumed || response.Headers.AcceptRanges.Contains("bytes");
                var total = resumed ? response.Content.Headers.ContentRange?.Length : length;
                long size;
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
                            $"{name}: {size:N0} of {total.Value:N0} bytes arrived; " + (resumable
                                ? $"the partial file {part} is kept and the next attempt resumes it."
                                : "the server cannot resume (no Range support), so the partial file was discarded."), url);
                }
                catch
                {
                    // A partial file is only worth keeping when the next attempt can continue it with Range;
                    // otherwise it would be restarted from 0 anyway and is just a misleading leftover.
                    if (!resumable || new FileInfo(part).Length == 0) PartFile.TryDelete(part);
                    throw;
                }
                var actual = Md5Of(part);
                if (md5 != null && !string.Equals(actual, md5, StringComparison.OrdinalIgnoreCase))
                {
                    PartFile.TryDelete(part);
                    throw new CadcException(ErrorIds.ChecksumMismatch, CadcErrorKind.InvalidData,
                        $"{name}: the MD5 is {actual}, the service said {md5}; the file was discarded.", url);
                }
                PartFile.Complete(part, path);
                log.Verbose($"Saved {path} ({size:N0} bytes{(md5 != null ? ", md5 verified" : "")})");
                return new DownloadResult(path, size, skipped: false, resumed, actual);
            }
            finally
            {
                response.Dispose();
            }
        }

        // What this file system refuses, and what Windows does (the file may be copied there).
        private static readonly char[] Unsafe = System.IO.Path.GetInvalidFileNameChars().Concat(new[] { ':', '*', '?', '"', '<', '>', '|' }).ToArray();

        /// <summary>A bare file name: no folders, no characters the file system refuses, never empty or a dot name.</summary>
        public static string SafeName(string name, Uri url)
        {
            var bare = name.Replace('\\', '/');
            bare = bare.Substring(bare.LastIndexOf('/') + 1).Trim().Trim('"');
            foreach (var c in Unsafe) bare = bare.Replace(c, '_');
            bare = Uri.UnescapeDataString(bare).Replace('/', '_').Replace('\\', '_');
            if (bare.Length == 0 || bare.Trim('.').Length == 0) bare = "download-" + StableHash(url.AbsoluteUri);
            return bare;
        }

        // The same name in every process, so a later run finds (skips, resumes) what an earlier one saved;
        // string.GetHashCode() is randomised per process.
        internal static string StableHash(string text)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(text));
            return BitConverter.ToString(hash, 0, 4).Replace("-", "").ToLowerInvariant();
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
