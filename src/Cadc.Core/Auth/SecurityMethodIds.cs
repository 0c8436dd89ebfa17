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
                case AuthMethod.Anonymous: return m.Length == 0 || m.EndsWith("#anon", System.StringComparison.Ordinal) || m.EndsWith("#anonymous", System.StringComparison.Ordinal);
                case AuthMethod.Basic: return m.EndsWith("#basicaa", System.StringComparison.Ordinal);
                case AuthMethod.Cookie: return m.EndsWith("sso#cookie", System.StringComparison.Ordinal);
                case AuthMethod.Certificate: return m.EndsWith("#tls-with-certificate", System.StringComparison.Ordinal);
                case AuthMethod.Token: return m.EndsWith("sso#token", System.StringComparison.Ordinal) || m.EndsWith("#bearer-token", System.StringComparison.Ordinal);
                default: return false;
            }
        }
    }
}
