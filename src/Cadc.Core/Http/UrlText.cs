using System;

namespace Cadc.Core.Http
{
    internal static class UrlText
    {
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
