namespace Cadc.Core
{
    /// <summary>How a request proves who sends it; decides which service interface is used.</summary>
    public enum AuthMethod
    {
        Anonymous,
        Basic,
        Cookie,
        Certificate,
        Token,
    }
}
