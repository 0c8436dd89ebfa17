using System;

namespace Cadc.Core.Errors
{
    /// <summary>
    /// A failure the user can act on. ErrorId is stable (tests and scripts match on it);
    /// the message is for people and never carries a secret.
    /// </summary>
    public class CadcException : Exception
    {
        public CadcException(string errorId, CadcErrorKind kind, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        public string ErrorId { get; }
        public CadcErrorKind Kind { get; }
        public object? Target { get; }
        /// <summary>A hint shown as the error's recommended action, in protocol terms.</summary>
        public string? RecommendedAction { get; set; }

        /// <summary>The remedy behind <see cref="RecommendedAction"/>, for a front end to word with its own commands.</summary>
        public CadcRemedy Remedy { get; set; }
    }

    /// <summary>The service answered with an HTTP error status.</summary>
    public sealed class CadcHttpException : CadcException
    {
        public CadcHttpException(string errorId, CadcErrorKind kind, string message, Uri url, int statusCode, string? serverMessage)
            : base(errorId, kind, message, url)
        {
            Url = url;
            StatusCode = statusCode;
            ServerMessage = serverMessage;
        }

        public Uri Url { get; }
        public int StatusCode { get; }
        public string? ServerMessage { get; }
    }

    /// <summary>The TAP service rejected or failed the query (QUERY_STATUS=ERROR).</summary>
    public sealed class TapQueryException : CadcException
    {
        public TapQueryException(string serverMessage, string query)
            : this(serverMessage, query, ErrorIds.TapQueryError)
        {
        }

        public TapQueryException(string serverMessage, string query, string errorId)
            : base(errorId, CadcErrorKind.QueryError, (errorId == ErrorIds.TapQueryError ? "The TAP service rejected the query: " : "The TAP job failed: ") + serverMessage, query)
        {
            ServerMessage = serverMessage;
        }

        public string ServerMessage { get; }
    }
}
