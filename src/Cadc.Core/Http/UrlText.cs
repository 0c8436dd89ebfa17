using System;

namespace Cadc.Core.Http
{
    /// <summary>URLs as safe to show: never their user info (user:password@).</summary>
    public static class UrlText
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
            return WithoutUserInfo(url).ToString();
        }

        /// <summary><paramref name="url"/> without user:password@ (the same URL when it has none).</summary>
        public static Uri WithoutUserInfo(Uri url)
            => url.IsAbsoluteUri && !string.IsNullOrEmpty(url.UserInfo) ? new UriBuilder(url) { UserName = "", Password = "" }.Uri : url;
    }
}
