namespace Cadc.Core.Errors
{
    /// <summary>
    /// What the user can do about an error, as a fact Core knows. Core's RecommendedAction says it in protocol
    /// terms; the PowerShell layer says it with its own commands (Connect-Cadc, Wait-CadcJob, ...).
    /// </summary>
    public enum CadcRemedy
    {
        None,
        LogIn,
        LogInAgain,
        CheckAccessOrLogInAgain,
        RenewCertificate,
        UsePasswordInstead,
        WaitForJob,
        WaitAgainOrAbort,
        ListTables,

        /// <summary>The service did not answer in time: try later, or allow a longer wait.</summary>
        WaitLonger,

        /// <summary>A synchronous query ran longer than the wait for its answer: run it as an asynchronous (UWS) job, or wait longer.</summary>
        RunAsJob,
    }
}
