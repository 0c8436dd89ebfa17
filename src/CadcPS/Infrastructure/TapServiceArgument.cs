using System.Management.Automation;
using Cadc.Core.Http;
using Cadc.Core.Tap;

namespace CadcPS.Infrastructure
{
    /// <summary>-Service of a TAP cmdlet as the TAP base URL: ".../tap/sync" and ".../tap/async" are taken as ".../tap" (TapBaseUrl), with a Verbose note.</summary>
    internal static class TapServiceArgument
    {
        /// <summary>Called on the pipeline thread (CadcCmdlet.CommandService), where <paramref name="cmdlet"/> may write.</summary>
        internal static string? BaseOf(PSCmdlet cmdlet, string? service)
        {
            var parent = TapBaseUrl.FromEndpoint(service, out var endpoint);
            if (parent is null) return service;
            cmdlet.WriteVerbose($"-Service ends in /{endpoint}: using {UrlText.Redact(new System.Uri(parent))} as the TAP service (its base URL; /sync and /async are added to it).");
            return parent;
        }
    }
}
