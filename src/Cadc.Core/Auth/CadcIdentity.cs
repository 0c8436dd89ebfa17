using System;
using System.Net.Http;

namespace Cadc.Core.Auth
{
    /// <summary>
    /// Who a session is, and how its requests prove it. The secret stays inside: nothing public
    /// (properties, ToString) ever shows it, so an identity can be printed, logged or serialized.
    /// </summary>
    public abstract class CadcIdentity : IDisposable
    {
        protected CadcIdentity(string? userName, DateTimeOffset? notBefore = null, DateTimeOffset? expiresOn = null)
        {
            UserName = userName;
            NotBefore = notBefore;
            ExpiresOn = expiresOn;
        }

        public abstract AuthMethod Method { get; }

        /// <summary>The user, when known (given at login, confirmed by whoami, or the certificate's CN).</summary>
        public string? UserName { get; internal set; }

        public DateTimeOffset? NotBefore { get; }

        /// <summary>When the credential stops working, when it says (certificates do; passwords do not).</summary>
        public DateTimeOffset? ExpiresOn { get; }

        /// <summary>True once a service confirmed the credential (at connect time).</summary>
        public bool Verified { get; internal set; }

        /// <summary>Adds the credential to a request that goes to one of the session's trusted hosts.</summary>
        internal abstract void Authorize(HttpRequestMessage request);

        public override string ToString() => $"{UserName ?? "(unknown user)"} ({Method})";

        public virtual void Dispose() => GC.SuppressFinalize(this);
    }
}
