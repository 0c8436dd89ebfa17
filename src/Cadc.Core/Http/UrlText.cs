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

        /// <summary>True for an absolute http or https URL: the only ones CadcPS fetches.</summary>
        public static bool IsHttp(Uri? url)
            => url != null && url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

        /// <summary>
        /// Refuses to fetch anything but http and https: a file:, ftp:, data: or javascript: URL a service gave (a redirect's
        /// Location, a DataLink access_url, a job's result href) is a typed error, never a read.
        /// </summary>
        /// <param name="source">Who gave the URL (the redirecting or answering service); null: the caller.</param>
        /// <exception cref="Errors.CadcException">UnsupportedUrlScheme</exception>
        internal static void RequireHttp(Uri url, Uri? source, bool redirected = false)
        {
            if (IsHttp(url)) return;
            var scheme = url.IsAbsoluteUri ? url.Scheme + ":" : "relative";
            var what = source is null ? $"A {scheme} URL" : $"{Origin(source)} {(redirected ? "redirected to" : "gave")} a {scheme} URL, which";
            throw new Errors.CadcException(Errors.ErrorIds.UnsupportedUrlScheme, Errors.CadcErrorKind.InvalidData,
                $"{what} cannot be fetched: CadcPS fetches only http and https URLs.", source ?? url)
            { RecommendedAction = "The service gave a URL CadcPS will not read; tell its operators, or use another service." };
        }

        /// <summary><paramref name="url"/> without user:password@ (the same URL when it has none).</summary>
        public static Uri WithoutUserInfo(Uri url)
            => url.IsAbsoluteUri && !string.IsNullOrEmpty(url.UserInfo) ? new UriBuilder(url) { UserName = "", Password = "" }.Uri : url;
    }
}
