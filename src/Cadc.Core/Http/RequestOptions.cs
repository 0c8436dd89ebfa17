using System;
using System.Net.Http;

namespace Cadc.Core.Http
{
    /// <summary>Per-request settings carried through the handler pipeline in the request's properties.</summary>
    internal static class RequestOptions
    {
        private const string LogKey = "Cadc.Log";
        private const string TimeoutKey = "Cadc.Timeout";

        public static void Set(HttpRequestMessage request, ICadcLog log, TimeSpan timeout)
        {
#pragma warning disable CS0618 // Properties is the only per-request bag on netstandard2.0
            request.Properties[LogKey] = log;
            request.Properties[TimeoutKey] = timeout;
        }

        public static ICadcLog Log(HttpRequestMessage request)
            => request.Properties.TryGetValue(LogKey, out var v) && v is ICadcLog l ? l : NullLog.Instance;

        public static TimeSpan Timeout(HttpRequestMessage request)
            => request.Properties.TryGetValue(TimeoutKey, out var v) && v is TimeSpan t ? t : CadcDefaults.Timeout;
#pragma warning restore CS0618
    }
}
