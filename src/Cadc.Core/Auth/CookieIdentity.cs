using System.Net.Http;

namespace Cadc.Core.Auth
{
    /// <summary>CADC single sign-on: the token from the login service, sent as the CADC_SSO cookie (ivo://ivoa.net/sso#cookie).</summary>
    public sealed class CookieIdentity : CadcIdentity
    {
        public const string CookieName = "CADC_SSO";
        private readonly string _token;

        public CookieIdentity(string userName, string token) : base(userName) => _token = token.Trim();

        public override AuthMethod Method => AuthMethod.Cookie;

        // Quoted, as astroquery and pyvo send it: the token holds '=' and '&'.
        internal override void Authorize(HttpRequestMessage request)
            => request.Headers.TryAddWithoutValidation("Cookie", CookieName + "=\"" + _token.Trim('"') + "\"");
    }
}
