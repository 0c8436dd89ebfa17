using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Errors;
using Cadc.Core.Tap;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// A cmdlet that sends requests to CADC: -TimeoutSec, this command's wait limit for each of them (for the answer to
    /// start, and between reads of it), over the session's (Set-CadcConfiguration -TimeoutSec / -QueryTimeoutSec).
    /// </summary>
    public abstract class RemoteCmdlet : CadcCmdlet
    {
        /// <summary>Seconds to wait for a service to answer, and between reads of an answer; 0: no limit.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? TimeoutSec { get; set; }

        private protected override TimeSpan? CommandTimeout => AsTimeout(TimeoutSec);

        /// <summary>Seconds as a timeout: 0 is no limit (as for Invoke-RestMethod -TimeoutSec).</summary>
        internal static TimeSpan? AsTimeout(int? seconds)
            => seconds is null ? (TimeSpan?)null : seconds.Value == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds.Value);
    }

    /// <summary>A cmdlet that talks to one CADC service (TAP, or DataLink): -Service and -RegistryUrl.</summary>
    public abstract class ServiceCmdlet : RemoteCmdlet
    {
        /// <summary>An ivo:// service id (resolved through the registry) or the service's http(s) URL; each cmdlet has its default.</summary>
        [Parameter]
        [Alias("Url")]
        public string? Service { get; set; }

        [Parameter]
        public string? RegistryUrl { get; set; }

        private protected override Uri? CommandRegistry()
            => string.IsNullOrWhiteSpace(RegistryUrl) ? null : CadcConfiguration.ParseRegistryUrl(RegistryUrl!);

        private protected override string? CommandService => Service;
    }

    /// <summary>An archive search (CAOM2 Observation x Plane): the filters, limit and -AsQuery every search shares.</summary>
    public abstract class CaomSearchCmdlet : ServiceCmdlet
    {
        internal const string RowType = "CadcPS.Observation";

        [Parameter]
        [ArgumentCompleter(typeof(CollectionCompleter))]
        public string[]? Collection { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(DataProductTypeCompleter))]
        public string[]? DataProductType { get; set; }

        [Parameter]
        [Alias("MaxRec")]
        [ValidateRange(0, long.MaxValue)]
        public long MaxRecords { get; set; } = -1;

        /// <summary>Return the ADQL instead of running it (astroquery's get_query_payload).</summary>
        [Parameter]
        public SwitchParameter AsQuery { get; set; }

        /// <summary>Builds the query (it may need the name resolver), then returns it or streams its rows.</summary>
        private protected async Task SearchAsync(CadcCall call, PipelineWriter output, Func<CadcCall, Task<string>> buildAdql)
        {
            var adql = await buildAdql(call).ConfigureAwait(false);
            if (AsQuery.IsPresent)
            {
                output.WriteObject(adql);
                return;
            }
            var query = new TapQuery(adql) { MaxRecords = MaxRecords >= 0 ? MaxRecords : (long?)null };
            await TapRows.StreamAsync(call, query, output, RowType).ConfigureAwait(false);
        }
    }
}
