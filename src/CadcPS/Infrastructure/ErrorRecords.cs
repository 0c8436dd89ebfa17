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
            var record = new ErrorRecord(ex, ex.ErrorId, Category(ex.Kind), target ?? ex.Target);
            if (ex.RecommendedAction != null)
                record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction };
            return record;
        }

        public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target, string? recommendedAction = null)
        {
            var record = new ErrorRecord(new CadcException(errorId, CadcErrorKind.InvalidArgument, message, target), errorId, category, target);
            if (recommendedAction != null) record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
            return record;
        }

        private static ErrorCategory Category(CadcErrorKind kind)
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
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
