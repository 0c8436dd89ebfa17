using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Auth;
using Cadc.Core.Errors;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>Connect-Cadc: logs this runspace in (astroquery's Cadc.login), with a password, a certificate or a token.</summary>
    [Cmdlet(VerbsCommunications.Connect, "Cadc", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(CadcSessionInfo))]
    public sealed class ConnectCadcCommand : RemoteCmdlet
    {
        private const string CredentialSet = "Credential";
        private const string CertificateSet = "Certificate";
        private const string TokenSet = "Token";

        /// <summary>CADC user name and password; prompted for when omitted in an interactive session.</summary>
        [Parameter(Position = 0, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>A PEM file holding a client certificate and its key, like CADC's cadcproxy.pem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [Alias("Certificate", "Cert")]
        public string CertificatePath { get; set; } = "";

        /// <summary>A bearer token, for services that advertise ivo://ivoa.net/sso#token.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
        public SecureString? Token { get; set; }

        /// <summary>Another deployment's registry (resource-caps URL), e.g. a mirror or a test sandbox; kept for the session.</summary>
        [Parameter]
        public string? RegistryUrl { get; set; }

        /// <summary>Write the resulting session (as Get-CadcSession shows it).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private readonly LoginRequest _login = new LoginRequest();

        // A failed login ends the pipeline: a script must not carry on anonymously.
        private protected override bool ErrorsTerminate => true;

        private protected override bool PrepareEnd()
        {
            if (!string.IsNullOrWhiteSpace(RegistryUrl)) _login.RegistryUrl = CadcConfiguration.ParseRegistryUrl(RegistryUrl!);
            switch (ParameterSetName)
            {
                case CertificateSet:
                    _login.CertificatePath = GetUnresolvedProviderPathFromPSPath(CertificatePath);
                    break;
                case TokenSet:
                    _login.Token = Plain(Token!);
                    break;
                default:
                    var credential = Credential ?? Prompt();
                    _login.UserName = credential.UserName;
                    _login.Password = credential.GetNetworkCredential().Password;
                    break;
            }
            return true;
        }

        private protected override async Task EndProcessingAsync(CadcCall call, PipelineWriter output)
        {
            var identity = await new CadcLogin(call.Context).ConnectAsync(_login, call).ConfigureAwait(false);
            output.Verbose($"Connected as {identity}{(identity.Verified ? "" : " (not verified: no service to check it)")}.");
            if (PassThru) output.WriteObject(new CadcSessionInfo(call.Context));
        }

        private PSCredential Prompt()
        {
            PSCredential? entered = null;
            try
            {
                entered = Host.UI.PromptForCredential("Connect-Cadc", "Your CADC user name and password", "", "");
            }
            catch (Exception ex) when (ex is HostException || ex is NotImplementedException || ex is PSInvalidOperationException || ex is InvalidOperationException)
            {
                // A non-interactive host (a scheduled script, a job) cannot prompt.
            }
            if (entered is null || string.IsNullOrEmpty(entered.UserName))
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.CredentialRequired, CadcErrorKind.InvalidArgument,
                    "Connect-Cadc needs -Credential, -CertificatePath or -Token when it cannot prompt.", null));
            return entered!;
        }

        private static string Plain(SecureString secure)
        {
            var p = IntPtr.Zero;
            try
            {
                p = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(p) ?? "";
            }
            finally
            {
                if (p != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(p);
            }
        }
    }

    /// <summary>Get-CadcSession: who this runspace is connected as, how, and until when.</summary>
    [Cmdlet(VerbsCommon.Get, "CadcSession")]
    [OutputType(typeof(CadcSessionInfo))]
    public sealed class GetCadcSessionCommand : CadcCmdlet
    {
        private protected override bool PrepareEnd()
        {
            WriteObject(new CadcSessionInfo(Session()));
            return false;
        }
    }

    /// <summary>Disconnect-Cadc: forgets the credentials, the trusted hosts and the registry of this runspace (astroquery's logout).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Cadc")]
    public sealed class DisconnectCadcCommand : CadcCmdlet
    {
        private protected override bool PrepareEnd()
        {
            var context = Session();
            var was = context.Session.Identity?.ToString();
            new CadcLogin(context).Disconnect();
            WriteVerbose(was is null ? "The session was anonymous; caches cleared." : $"Disconnected {was}.");
            return false;
        }
    }
}
