namespace Cadc.Core.Auth
{
    /// <summary>The VOResource securityMethod standard ids each kind of identity answers (next to the identities that use them).</summary>
    internal static class SecurityMethodIds
    {
        public static bool Matches(string securityMethod, AuthMethod method)
        {
            var m = securityMethod.ToLowerInvariant();
            switch (method)
            {
                case AuthMethod.Anonymous: return m.Length == 0 || m.EndsWith("#anon") || m.EndsWith("#anonymous");
                case AuthMethod.Basic: return m.EndsWith("#basicaa");
                case AuthMethod.Cookie: return m.EndsWith("sso#cookie");
                case AuthMethod.Certificate: return m.EndsWith("#tls-with-certificate");
                case AuthMethod.Token: return m.EndsWith("sso#token") || m.EndsWith("#bearer-token");
                default: return false;
            }
        }
    }
}
