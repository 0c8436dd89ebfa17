using System;

namespace CadcPS.Commands
{
    /// <summary>What Get-CadcSession shows: who is connected and how, never the secret itself.</summary>
    public sealed class CadcSessionInfo
    {
        internal CadcSessionInfo(Cadc.Core.CadcContext context)
        {
            var identity = context.Session.Identity;
            var chosen = context.Configuration.ChosenRegistryUrl;
            var fromEnvironment = Environment.GetEnvironmentVariable(Cadc.Core.CadcDefaults.RegistryEnvironmentVariable);
            RegistrySource = chosen != null ? "Chosen" : string.IsNullOrWhiteSpace(fromEnvironment) ? "Default" : "Environment";
            // Shown as set, even when it is not a URL: this is where a user looks to find out why.
            RegistryUrl = WithoutUserInfo(chosen?.AbsoluteUri ?? (RegistrySource == "Environment" ? fromEnvironment!.Trim() : Cadc.Core.CadcDefaults.RegistryUrl));
            if (identity is null)
            {
                Method = "Anonymous";
                return;
            }
            // The name a server's whoami answered: shown, so without control characters.
            UserName = identity.UserName is null ? null : Infrastructure.TerminalText.Clean(identity.UserName);
            Method = identity.Method.ToString();
            Verified = identity.Verified;
            NotBefore = identity.NotBefore?.UtcDateTime;
            ExpiresOn = identity.ExpiresOn?.UtcDateTime;
            if (identity is Cadc.Core.Auth.CertificateIdentity certificate)
            {
                CertificatePath = certificate.Path;
                Subject = Infrastructure.TerminalText.Clean(certificate.Subject);
            }
        }

        private static string WithoutUserInfo(string url)
            => Uri.TryCreate(url, UriKind.Absolute, out var u) ? Cadc.Core.Http.UrlText.WithoutUserInfo(u).AbsoluteUri : url;

        public string? UserName { get; }

        /// <summary>Anonymous, Basic, Cookie, Certificate or Token.</summary>
        public string Method { get; }

        public bool IsAuthenticated => Method != "Anonymous";

        /// <summary>True when a CADC service confirmed the credential at Connect-Cadc time.</summary>
        public bool Verified { get; }

        public DateTime? NotBefore { get; }

        /// <summary>When the credential stops working (UTC), when known: certificates.</summary>
        public DateTime? ExpiresOn { get; }

        public string? Subject { get; }

        public string? CertificatePath { get; }

        public string RegistryUrl { get; }

        /// <summary>Where RegistryUrl comes from: Chosen (Connect-Cadc -RegistryUrl), Environment ($env:CADC_REGISTRY_URL, read at
        /// each command) or Default (CADC's registry).</summary>
        public string RegistrySource { get; }

        public override string ToString() => IsAuthenticated ? $"{UserName ?? "(unknown user)"} ({Method})" : "Anonymous";
    }
}
