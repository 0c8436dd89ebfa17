using System;
using System.Management.Automation;
using Cadc.Core.Errors;

namespace CadcPS.Infrastructure
{
    /// <summary>Turns Core's typed errors into ErrorRecords with a stable ErrorId, a category and a target.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(CadcException ex, object? target = null)
        {
            var record = new ErrorRecord(ex, ex.ErrorId, Category(ex.Kind), Shown(target ?? ex.Target));
            // What PowerShell shows is ErrorDetails when set: the message with servers' control characters removed.
            var advice = ErrorAdvice.For(ex);
            record.ErrorDetails = new ErrorDetails(TerminalText.Clean(ex.Message)) { RecommendedAction = advice is null ? null : TerminalText.Clean(advice) };
            return record;
        }

        /// <summary>An error found by the cmdlet itself (a parameter, a local file); its category follows <paramref name="kind"/>.</summary>
        public static ErrorRecord Create(string errorId, CadcErrorKind kind, string message, object? target, string? recommendedAction = null)
            => From(new CadcException(errorId, kind, message, target) { RecommendedAction = recommendedAction });

        // A URL target loses its user info (http://user:password@host): ErrorRecords are shown and logged.
        private static object? Shown(object? target)
            => target is Uri url ? Cadc.Core.Http.UrlText.WithoutUserInfo(url) : target;

        internal static ErrorCategory Category(CadcErrorKind kind)
        {
            switch (kind)
            {
                case CadcErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case CadcErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case CadcErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case CadcErrorKind.ConnectionError: return ErrorCategory.ConnectionError;
                case CadcErrorKind.OperationTimeout: return ErrorCategory.OperationTimeout;
                case CadcErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case CadcErrorKind.AuthenticationError: return ErrorCategory.AuthenticationError;
                case CadcErrorKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case CadcErrorKind.WriteError: return ErrorCategory.WriteError;
                case CadcErrorKind.ProtocolError: return ErrorCategory.ProtocolError;
                case CadcErrorKind.QueryError: return ErrorCategory.InvalidOperation;
                case CadcErrorKind.ReadError: return ErrorCategory.ReadError;
                case CadcErrorKind.NotImplemented: return ErrorCategory.NotImplemented;
                case CadcErrorKind.ResourceExists: return ErrorCategory.ResourceExists;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
