using Cadc.Core.Errors;

namespace CadcPS.Infrastructure
{
    /// <summary>Core's remedies said with this module's commands; Core's own sentence stays protocol-only.</summary>
    internal static class ErrorAdvice
    {
        public static string? For(CadcException ex)
        {
            switch (ex.Remedy)
            {
                case CadcRemedy.LogIn: return "Log in with Connect-Cadc, then try again.";
                case CadcRemedy.LogInAgain: return "Check the user name and password (reset it at CADC if needed), then run Connect-Cadc again.";
                case CadcRemedy.CheckAccessOrLogInAgain: return "Check the account's access to this data, or connect again with Connect-Cadc.";
                // Core's sentence says how to get a certificate (cadcutils, CADC's service); this says where it goes.
                case CadcRemedy.RenewCertificate: return ex.RecommendedAction + " Then run Connect-Cadc -CertificatePath with the new file.";
                case CadcRemedy.UsePasswordInstead: return "Use PowerShell 7, or Connect-Cadc -Credential.";
                case CadcRemedy.WaitForJob: return "Wait for it with Wait-CadcJob.";
                case CadcRemedy.WaitAgainOrAbort: return "Wait again with Wait-CadcJob, or stop it with Stop-CadcJob.";
                case CadcRemedy.ListTables: return "List the tables with Get-CadcTable.";
                case CadcRemedy.WaitLonger: return "Try again later (the service may be busy), or wait longer with -TimeoutSec (0: no limit); Set-CadcConfiguration -TimeoutSec sets the session's default.";
                case CadcRemedy.RunAsJob: return "Run a long query as a job: Invoke-CadcTap -Async -Wait (a search's query: -AsQuery | Invoke-CadcTap -Async -Wait), or wait longer with -TimeoutSec (0: no limit); Set-CadcConfiguration -QueryTimeoutSec sets the session's wait for a query's answer.";
                default: return ex.RecommendedAction;
            }
        }
    }
}
