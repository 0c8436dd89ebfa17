using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Astro;
using Cadc.Core.DataLink;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using Cadc.Core.Registry;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>
    /// Save-CadcImage: the files of datasets, or SODA cutouts around a position (astroquery's get_images /
    /// get_image_list), downloaded in parallel, each through a verified .part file. -Service names the
    /// DataLink service (default ivo://cadc.nrc.ca/caom2ops), whose capabilities also give the SODA service.
    /// </summary>
    [Cmdlet(VerbsData.Save, "CadcImage", SupportsShouldProcess = true, DefaultParameterSetName = "Files")]
    [OutputType(typeof(FileInfo), typeof(string))]
    public sealed class SaveCadcImageCommand : ServiceCmdlet
    {
        private readonly List<string> _ids = new List<string>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ID", "obs_publisher_did")]
        [ValidateNotNullOrEmpty]
        public string[] PublisherId { get; set; } = Array.Empty<string>();

        /// <summary>The folder to save into (created if missing). Default: the current folder.</summary>
        [Parameter]
        public string Path { get; set; } = ".";

        /// <summary>Cut out a circle around this position ("RA Dec", sexagesimal, or a name) instead of saving whole files.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Cutout")]
        public string Coordinates { get; set; } = "";

        [Parameter(ParameterSetName = "Cutout")]
        public string Radius { get; set; } = SearchCadcRegionCommand.DefaultRadius;

        /// <summary>Return the URLs instead of downloading (astroquery's get_image_list).</summary>
        [Parameter]
        public SwitchParameter UrlOnly { get; set; }

        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Download again even when an identical file is there.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }


        protected override void ProcessRecord()
        {
            foreach (var id in PublisherId)
                if (!string.IsNullOrWhiteSpace(id) && (UrlOnly || ShouldProcess(id, ParameterSetName == "Cutout" ? "Save a cutout" : "Save the file"))) _ids.Add(id.Trim());
        }

        protected override void EndProcessing()
        {
            if (_ids.Count == 0) return;
            var context = Session();
            Uri? registry;
            double radius = 0;
            SkyPosition? position = null;
            string folder;
            try
            {
                registry = ParsedRegistryUrl();
                if (ParameterSetName == "Cutout")
                {
                    radius = AngleText.CheckRadius(AngleText.ParseDegrees(Radius), Radius);
                    if (SkyPosition.LooksLikeCoordinates(Coordinates)) position = SkyPosition.Parse(Coordinates);
                }
                folder = GetUnresolvedProviderPathFromPSPath(Path);
                if (File.Exists(folder))
                    throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"'{folder}' is a file; -Path needs a folder.", Path);
            }
            catch (CadcException ex)
            {
                WriteError(ErrorRecords.From(ex));
                return;
            }
            var ids = _ids.ToList();
            var cutout = ParameterSetName == "Cutout";
            var urlOnly = UrlOnly.IsPresent;
            var force = Force.IsPresent;
            var passThru = PassThru.IsPresent;
            var throttle = ThrottleLimit;
            var service = Service;
            var name = Coordinates;
            Run(async (writer, cancel) =>
            {
                try
                {
                    // What to fetch: (id, url, file name or null)
                    var targets = new List<(string Id, Uri Url, string? Name)>();
                    if (cutout)
                    {
                        var center = position ?? (await context.Targets.ResolveAsync(name, writer, cancel, registry).ConfigureAwait(false)).Position;
                        var soda = await SodaUrlAsync(context, service, writer, cancel, registry).ConfigureAwait(false);
                        var circle = string.Join(" ", "CIRCLE", center.Ra.ToString("R", CultureInfo.InvariantCulture), center.Dec.ToString("R", CultureInfo.InvariantCulture), radius.ToString("R", CultureInfo.InvariantCulture));
                        foreach (var id in ids)
                            targets.Add((id, new Uri(soda.AbsoluteUri + (soda.Query.Length > 0 ? "&" : "?") + "ID=" + Uri.EscapeDataString(id) + "&POS=" + Uri.EscapeDataString(circle)),
                                FileDownloader.SafeName(id.Substring(id.LastIndexOf('?') + 1), soda) + "__cutout.fits"));
                    }
                    else
                    {
                        var datalink = await DataLinkService.ResolveAsync(context, service, writer, cancel, registry).ConfigureAwait(false);
                        for (var i = 0; i < ids.Count; i += DataLinkService.BatchSize)
                            await datalink.ReadLinksAsync(ids.Skip(i).Take(DataLinkService.BatchSize).ToList(), true, link =>
                            {
                                if (link.ErrorMessage != null)
                                    writer.WriteError(ErrorRecords.Create(ErrorIds.DataLinkIdError, ErrorCategory.ObjectNotFound, $"No data for {link.Id}: {link.ErrorMessage}", link.Id));
                                else if (link.AccessUrl != null && link.Semantics == "#this") targets.Add((link.Id, link.AccessUrl, null));
                            }, writer, cancel).ConfigureAwait(false);
                    }
                    if (urlOnly)
                    {
                        foreach (var t in targets) writer.WriteObject(t.Url.AbsoluteUri);
                        return;
                    }
                    Directory.CreateDirectory(folder);
                    var progress = new ProgressRecord(2, "Saving CADC data", $"0 of {targets.Count} files");
                    long done = 0, bytes = 0;
                    using var gate = new SemaphoreSlim(throttle);
                    var tasks = targets.Select(async t =>
                    {
                        await gate.WaitAsync(cancel).ConfigureAwait(false);
                        try
                        {
                            var result = await FileDownloader.DownloadAsync(context, t.Url, folder, t.Name, null, force,
                                new Progress(n => Interlocked.Add(ref bytes, n)), writer, cancel).ConfigureAwait(false);
                            if (passThru) writer.WriteObject(WithFitsKeywords(result.Path));
                        }
                        catch (CadcException ex)
                        {
                            writer.WriteError(ErrorRecords.From(ex, t.Id));
                        }
                        finally
                        {
                            gate.Release();
                            var n = Interlocked.Increment(ref done);
                            progress.StatusDescription = $"{n} of {targets.Count} files, {Interlocked.Read(ref bytes) / 1048576.0:0.0} MB";
                            progress.PercentComplete = (int)(100 * n / Math.Max(1, targets.Count));
                            writer.WriteProgress(progress);
                        }
                    }).ToList();
                    await Task.WhenAll(tasks).ConfigureAwait(false);
                    writer.WriteProgress(new ProgressRecord(2, "Saving CADC data", "done") { RecordType = ProgressRecordType.Completed });
                }
                catch (CadcException ex)
                {
                    writer.WriteError(ErrorRecords.From(ex));
                }
            });
        }

        private static readonly string[] FitsKeywords = { "NAXIS", "BITPIX", "OBJECT", "DATE-OBS" };

        /// <summary>The saved file, carrying NAXIS, BITPIX, OBJECT and DATE-OBS of its primary header when it is FITS.</summary>
        private static PSObject WithFitsKeywords(string path)
        {
            var o = PSObject.AsPSObject(new FileInfo(path));
            try
            {
                using var stream = File.OpenRead(path);
                var primary = Cadc.Core.Fits.FitsReader.ReadHeaders(stream).FirstOrDefault();
                if (primary != null)
                    foreach (var k in FitsKeywords)
                        if (primary[k] is object v) o.Properties.Add(new PSNoteProperty(k, v));
            }
            catch (FormatException) { }          // not FITS (a preview, say): the file as it is
            catch (IOException) { }
            return o;
        }

        private static async Task<Uri> SodaUrlAsync(CadcContext context, string? service, ICadcLog log, CancellationToken cancel, Uri? registry)
        {
            var name = string.IsNullOrWhiteSpace(service) ? context.Configuration.DataLinkService : service!;
            var endpoint = await context.Services.ResolveAsync(name, new[] { StandardIds.SodaSync }, log, cancel, registry).ConfigureAwait(false);
            return endpoint.AccessUrl;
        }

        /// <summary>A synchronous IProgress: Progress&lt;T&gt; would post to a captured context.</summary>
        private sealed class Progress : IProgress<long>
        {
            private readonly Action<long> _report;
            public Progress(Action<long> report) => _report = report;
            public void Report(long value) => _report(value);
        }
    }
}
