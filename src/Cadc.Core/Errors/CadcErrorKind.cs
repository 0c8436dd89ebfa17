namespace Cadc.Core.Errors
{
    /// <summary>
    /// What kind of failure an error is. Mirrors the PowerShell error categories the cmdlets
    /// map it to, without Core depending on PowerShell.
    /// </summary>
    public enum CadcErrorKind
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        ObjectNotFound,
        ConnectionError,
        OperationTimeout,
        PermissionDenied,
        AuthenticationError,
        ResourceUnavailable,
        WriteError,
        ProtocolError,
        QueryError,
        ReadError,
        NotImplemented,
        ResourceExists,
    }
}
