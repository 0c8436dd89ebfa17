namespace Cadc.Core.Registry
{
    /// <summary>IVOA standardIDs the module looks for in capabilities documents.</summary>
    public static class StandardIds
    {
        public const string Tap = "ivo://ivoa.net/std/TAP";
        public const string Tables = "ivo://ivoa.net/std/VOSI#tables-1.1";
        public const string TablesV10 = "ivo://ivoa.net/std/VOSI#tables";
        public const string DataLink10 = "ivo://ivoa.net/std/DataLink#links-1.0";
        public const string DataLink11 = "ivo://ivoa.net/std/DataLink#links-1.1";
        public const string UmsLogin = "ivo://ivoa.net/std/UMS#login-0.1";
        public const string TlsWithPassword = "ivo://ivoa.net/sso#tls-with-password";
        public const string UmsWhoAmI = "ivo://ivoa.net/std/UMS#whoami-0.1";
    }
}
