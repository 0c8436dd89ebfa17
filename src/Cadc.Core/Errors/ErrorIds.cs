namespace Cadc.Core.Errors
{
    /// <summary>
    /// Stable error identifiers; part of the module's contract with scripts (about_CadcPS_Errors lists them).
    /// Every id is one of these constants, or <see cref="Http"/>'s HttpError&lt;status&gt; for an HTTP status
    /// without an id of its own; code that tells errors apart matches the status code, not the text.
    /// </summary>
    public static class ErrorIds
    {
        /// <summary>The id of an HTTP error status that has no id of its own: HttpError404, HttpError500, ...</summary>
        public static string Http(int status) => HttpError + status.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public const string TapQueryError = "TapQueryError";
        public const string EmptyQuery = "EmptyQuery";
        public const string InvalidServiceUrl = "InvalidServiceUrl";
        public const string InvalidRegistryUrl = "InvalidRegistryUrl";
        public const string RegistryUnavailable = "RegistryUnavailable";
        public const string RegistryInvalid = "RegistryInvalid";
        public const string ServiceNotInRegistry = "ServiceNotInRegistry";
        public const string CapabilitiesInvalid = "CapabilitiesInvalid";
        public const string CapabilityNotFound = "CapabilityNotFound";
        public const string HttpError = "HttpError";
        public const string NotAuthenticated = "NotAuthenticated";
        public const string PermissionDenied = "PermissionDenied";
        public const string ServiceUnavailable = "ServiceUnavailable";
        public const string ConnectionFailed = "ConnectionFailed";
        public const string RequestTimeout = "RequestTimeout";
        public const string TooManyRedirects = "TooManyRedirects";
        public const string InvalidResponse = "InvalidResponse";
        public const string ResponseTooLarge = "ResponseTooLarge";
        public const string OutFileNotWritable = "OutFileNotWritable";
        public const string InvalidCoordinates = "InvalidCoordinates";
        public const string TableNotFound = "TableNotFound";
        public const string InvalidTargetName = "InvalidTargetName";
        public const string CollectionNotFound = "CollectionNotFound";
        public const string JobNotFound = "JobNotFound";
        public const string JobWaitTimeout = "JobWaitTimeout";
        public const string JobAborted = "JobAborted";
        public const string JobNotCompleted = "JobNotCompleted";
        public const string JobFailed = "JobFailed";
        public const string InvalidUpload = "InvalidUpload";
        public const string DataLinkError = "DataLinkError";
        public const string DataLinkIdError = "DataLinkIdError";
        public const string DownloadIncomplete = "DownloadIncomplete";
        public const string ChecksumMismatch = "ChecksumMismatch";
        public const string NoData = "NoData";
        public const string InvalidRadius = "InvalidRadius";
        public const string TargetNotResolved = "TargetNotResolved";
        public const string LoginFailed = "LoginFailed";
        public const string CredentialRequired = "CredentialRequired";
        public const string CertificateNotFound = "CertificateNotFound";
        public const string CertificateInvalid = "CertificateInvalid";
        public const string CertificateExpired = "CertificateExpired";
        public const string CertificateNotYetValid = "CertificateNotYetValid";
        public const string CertificateNotSupported = "CertificateNotSupported";
        public const string FitsFileNotFound = "FitsFileNotFound";
        public const string InvalidFits = "InvalidFits";
        public const string FitsFileNotReadable = "FitsFileNotReadable";
        public const string WaitWithoutAsync = "WaitWithoutAsync";
        public const string OutFileNeedsWait = "OutFileNeedsWait";
        public const string OutFileFormatUnknown = "OutFileFormatUnknown";
        public const string UnsupportedResponseFormat = "UnsupportedResponseFormat";
        public const string InvalidTableValue = "InvalidTableValue";
        public const string VOTableFileNotFound = "VOTableFileNotFound";
        public const string InvalidVOTable = "InvalidVOTable";
        public const string UnsupportedUrlScheme = "UnsupportedUrlScheme";
        public const string RedirectRefused = "RedirectRefused";
        public const string TlsFailure = "TlsFailure";
        public const string FileExists = "FileExists";
        public const string UnexpectedPartialContent = "UnexpectedPartialContent";

        /// <summary>Save-CadcImage was given nothing to save: no dataset ID (an input without publisherID) and no -Coordinates to search around.</summary>
        public const string MissingInput = "MissingInput";

        /// <summary>A defect in CadcPS rather than a user error: still an error record with a stable id.</summary>
        public const string UnexpectedError = "UnexpectedError";
    }
}
