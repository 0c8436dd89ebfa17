using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Errors;
using Cadc.Core.Tap;

namespace CadcPS.Infrastructure
{
    /// <summary>A cmdlet that talks to one CADC service (TAP, or DataLink): -Service and -RegistryUrl.</summary>
    public abstract class ServiceCmdlet : CadcCmdlet
    {
        /// <summary>An ivo:// service id (resolved through the registry) or the service's http(s) URL; each cmdlet has its default.</summary>
        [Parameter]
        [Alias("Url")]
        public string? Service { get; set; }

        [Parameter]
        public string? RegistryUrl { get; set; }

        /// <exception cref="CadcException">InvalidRegistryUrl</exception>
        private protected Uri? ParsedRegistryUrl()
            => string.IsNullOrWhiteSpace(RegistryUrl) ? null : CadcConfiguration.ParseRegistryUrl(RegistryUrl!);
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

        /// <summary>Builds the query in the background (it may need the name resolver), then returns it or streams its rows.</summary>
        private protected void RunSearch(CadcContext context, Uri? registry, Func<PipelineWriter, CancellationToken, Task<string>> buildAdql)
        {
            var asQuery = AsQuery.IsPresent;
            var maxRecords = MaxRecords >= 0 ? MaxRecords : (long?)null;
            var service = Service;
            Run(async (writer, cancel) =>
            {
                try
                {
                    var adql = await buildAdql(writer, cancel).ConfigureAwait(false);
                    if (asQuery)
                    {
                        writer.WriteObject(adql);
                        return;
                    }
                    var query = new TapQuery(adql) { MaxRecords = maxRecords };
                    await TapRows.StreamAsync(context, service, registry, query, writer, cancel, RowType).ConfigureAwait(false);
                }
                catch (CadcException ex)
                {
                    writer.WriteError(ErrorRecords.From(ex));
                }
            });
        }
    }
}
