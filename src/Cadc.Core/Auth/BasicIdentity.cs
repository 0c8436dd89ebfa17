using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace Cadc.Core.Auth
{
    /// <summary>HTTP Basic (ivo://ivoa.net/sso#BasicAA): for deployments, like the sandbox, without a login service.</summary>
    public sealed class BasicIdentity : CadcIdentity
    {
        private readonly string _header;

        public BasicIdentity(string userName, string password) : base(userName)
        {
            if (string.IsNullOrEmpty(userName)) throw new ArgumentException("A user name is required.", nameof(userName));
            _header = Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + (password ?? "")));
        }

        public override AuthMethod Method => AuthMethod.Basic;

        internal override void Authorize(HttpRequestMessage request)
            => request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _header);
    }
}
