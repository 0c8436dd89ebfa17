using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;

namespace Cadc.Core.Http
{
    /// <summary>Turns an HTTP error status into a typed error carrying what the server said.</summary>
    internal static class HttpErrors
    {
        private static readonly char[] Blanks = { ' ', '\t', '\r', '\n', '\f', '\v' };
        private const int MaxBodyBytes = 64 * 1024;

        public static async Task<CadcHttpException> FromResponseAsync(HttpResponseMessage response, CadcContext context, CancellationToken cancel)
        {
            var body = await ReadPrefixAsync(response, cancel).ConfigureAwait(false);
            return FromBody(response, body, context);
        }

        public static CadcHttpException FromBody(HttpResponseMessage response, string body, CadcContext context)
        {
            var url = response.RequestMessage?.RequestUri ?? new Uri("about:blank");
            var serverMessage = ServerMessage(body, response.Content?.Headers.ContentType?.MediaType);
            var code = (int)response.StatusCode;
            var where = UrlText.Redact(url);
            var said = string.IsNullOrEmpty(serverMessage) ? "" : ": " + serverMessage;
            switch (code)
            {
                case 401:
                    return new CadcHttpException(ErrorIds.NotAuthenticated, CadcErrorKind.AuthenticationError,
                        (context.AuthMethod == AuthMethod.Anonymous
                            ? $"{where} requires authentication and this session is anonymous"
                            : !context.Session.IsTrusted(url)
                                ? $"{where} requires authentication, and this session's credentials are only sent to CADC's own services"
                                : $"{where} did not accept the credentials of {context.Session.Identity}") + said, url, code, serverMessage)
                    {
                        RecommendedAction = context.AuthMethod == AuthMethod.Anonymous ? "Log in, then try again." : "Check the account's access to this data, or log in again.",
                        Remedy = context.AuthMethod == AuthMethod.Anonymous ? CadcRemedy.LogIn : CadcRemedy.CheckAccessOrLogInAgain,
                    };
                case 403:
                    return new CadcHttpException(ErrorIds.PermissionDenied, CadcErrorKind.PermissionDenied,
                        (context.AuthMethod == AuthMethod.Anonymous
                            ? $"Access to {where} is denied to anonymous users"
                            : $"Access to {where} is denied to the connected user") + said, url, code, serverMessage)
                    {
                        RecommendedAction = context.AuthMethod == AuthMethod.Anonymous ? "Log in, then try again." : "Check that your account has access to this data.",
                        Remedy = context.AuthMethod == AuthMethod.Anonymous ? CadcRemedy.LogIn : CadcRemedy.None,
                    };
                case 404:
                    return new CadcHttpException(ErrorIds.Http(404), CadcErrorKind.ObjectNotFound,
                        $"{where} was not found (HTTP 404){said}", url, code, serverMessage);
                case 503:
                case 502:
                case 504:
                    return new CadcHttpException(ErrorIds.ServiceUnavailable, CadcErrorKind.ResourceUnavailable,
                        $"{where} is unavailable (HTTP {code}){said}", url, code, serverMessage)
                    { RecommendedAction = "Try again later." };
                default:
                    return new CadcHttpException(ErrorIds.Http(code), code >= 500 ? CadcErrorKind.ResourceUnavailable : CadcErrorKind.InvalidArgument,
                        $"{where} answered HTTP {code} {response.ReasonPhrase}{said}", url, code, serverMessage);
            }
        }

        /// <summary>401, 403 and 502-504: about who may ask or whether the service is up, not about the request.</summary>
        public static bool IsAccessOrAvailability(int status) => status == 401 || status == 403 || (status >= 502 && status <= 504);

        public static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancel)
        {
            if (response.Content is null) return "";
            try
            {
                using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var buffer = new byte[MaxBodyBytes];
                var total = 0;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                int n;
                while (total < buffer.Length && (n = await stream.ReadAsync(buffer, total, buffer.Length - total, timeout.Token).ConfigureAwait(false)) > 0)
                    total += n;
                return Encoding.UTF8.GetString(buffer, 0, total);
            }
            catch (Exception ex) when (ex is IOException || ex is OperationCanceledException && !cancel.IsCancellationRequested || ex is HttpRequestException)
            {
                return "";
            }
        }

        /// <summary>The useful sentence in an error body: a VOTable's QUERY_STATUS, an HTML page's title or text, or plain text.</summary>
        internal static string? ServerMessage(string body, string? mediaType)
        {
            if (string.IsNullOrWhiteSpace(body)) return null;
            var status = VOTable.QueryStatusText.Find(body);
            if (status != null && status.Trim().Length > 0) return Clean(System.Net.WebUtility.HtmlDecode(status));
            // An HTML page (a front end's or a servlet container's error page): its readable text, not its markup.
            if (HtmlText.IsHtml(body, mediaType)) return Clean(HtmlText.ToText(body, MaxMessage));
            return Clean(body);
        }

        private const int MaxMessage = 500;

        private static string Clean(string text)
        {
            var oneLine = string.Join(" ", text.Split(Blanks, StringSplitOptions.RemoveEmptyEntries));
            return oneLine.Length > MaxMessage ? oneLine.Substring(0, MaxMessage) + "…" : oneLine;
        }
    }
}
