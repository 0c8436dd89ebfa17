using System;

namespace Cadc.Core.Http
{
    internal static class UrlText
    {
        /// <summary>scheme://host:port of a URL, never its user info (GetLeftPart(Authority) keeps user:password@).</summary>
        public static string Origin(Uri? url)
        {
            if (url is null || !url.IsAbsoluteUri) return "";
            return url.Scheme + "://" + url.Authority;
        }

        /// <summary>A URL as safe to show: user info (user:password@) removed.</summary>
        public static string Redact(Uri? url)
        {
            if (url is null) return "";
            if (!url.IsAbsoluteUri || string.IsNullOrEmpty(url.UserInfo)) return url.ToString();
            var b = new UriBuilder(url) { UserName = "", Password = "" };
            return b.Uri.ToString();
        }
    }
}
