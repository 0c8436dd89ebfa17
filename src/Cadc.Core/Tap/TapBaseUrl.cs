using System;

namespace Cadc.Core.Tap
{
    /// <summary>
    /// A TAP service is addressed by its base URL, and CadcPS appends /sync, /async or /tables itself; a URL
    /// copied from a browser or a script that already ends in /sync gave ".../sync/sync not found".
    /// </summary>
    public static class TapBaseUrl
    {
        /// <summary>
        /// The TAP base of <paramref name="service"/> when it is an http(s) URL whose path ends in /sync or /async
        /// (with or without a slash after it, no query): the URL without that last segment; otherwise null.
        /// <paramref name="endpoint"/> is the segment removed.
        /// </summary>
        public static string? FromEndpoint(string? service, out string? endpoint)
        {
            endpoint = null;
            if (!Uri.TryCreate(service?.Trim(), UriKind.Absolute, out var url)) return null;
            if ((url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Query.Length > 0 || url.Fragment.Length > 0) return null;
            var path = url.AbsolutePath.TrimEnd('/');
            var slash = path.LastIndexOf('/');
            if (slash <= 0) return null; // "/sync" alone has no parent TAP path
            var last = path.Substring(slash + 1);
            if (!string.Equals(last, "sync", StringComparison.OrdinalIgnoreCase) && !string.Equals(last, "async", StringComparison.OrdinalIgnoreCase)) return null;
            endpoint = last;
            return new UriBuilder(url) { Path = path.Substring(0, slash) }.Uri.AbsoluteUri;
        }
    }
}
