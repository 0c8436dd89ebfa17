using System;
using System.Net.Http;
using System.Net.Http.Headers;

namespace Cadc.Core.Auth
{
    /// <summary>A bearer token (ivo://ivoa.net/sso#token), e.g. from CADC's OpenID service.</summary>
    public sealed class TokenIdentity : CadcIdentity
    {
        private readonly string _token;

        public TokenIdentity(string token, string? userName = null) : base(userName)
        {
            if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The token is empty.", nameof(token));
            _token = token.Trim();
        }

        public override AuthMethod Method => AuthMethod.Token;

        internal override void Authorize(HttpRequestMessage request)
            => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }
}
