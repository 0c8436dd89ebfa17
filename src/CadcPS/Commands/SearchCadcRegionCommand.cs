using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Astro;
using Cadc.Core.Caom;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>
    /// Search-CadcRegion: CAOM2 planes whose footprint meets a circle on the sky (astroquery's query_region).
    /// The centre is coordinates as typed, an object name (resolved by CADC's name resolver), or RA/Dec
    /// properties of piped objects.
    /// </summary>
    [Cmdlet(VerbsCommon.Search, "CadcRegion", DefaultParameterSetName = "Coordinates")]
    [OutputType(typeof(PSObject), typeof(string))]
    public sealed class SearchCadcRegionCommand : CaomSearchCmdlet
    {
        internal const string DefaultRadius = "1arcmin";

        /// <summary>
        /// Coordinates or a name as text, or any object with RA/Dec properties (ra/dec, RAJ2000/DEJ2000,
        /// s_ra/s_dec; l/b with -Frame Galactic), or a hashtable with such keys (@{ ra = 10.68; dec = 41.27 }). An object, not a string, so that piped objects bind as
        /// they are instead of being turned into text.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Coordinates")]
        [Alias("Target", "Position")]
        public object Coordinates { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = "RaDec")]
        [Alias("Longitude")]
        public object RA { get; set; } = 0.0;

        [Parameter(Mandatory = true, ParameterSetName = "RaDec")]
        [Alias("Latitude")]
        public object Dec { get; set; } = 0.0;

        /// <summary>Degrees, or a number with a unit ("2arcmin", "30arcsec", "0.1deg"). Default 1 arcmin, as astroquery.</summary>
        [Parameter(Position = 1)]
        public string Radius { get; set; } = DefaultRadius;

        /// <summary>The name resolver for object names: an ivo:// id or the URL of its find endpoint. Default ivo://cadc.nrc.ca/resolver.</summary>
        [Parameter]
        public string? Resolver { get; set; }

        [Parameter]
        public CoordinateFrame Frame { get; set; } = CoordinateFrame.ICRS;


        private static readonly (string Lon, string Lat)[] PropertyPairs =
            { ("ra", "dec"), ("RAJ2000", "DEJ2000"), ("s_ra", "s_dec"), ("ra_deg", "dec_deg"), ("RA_ICRS", "DE_ICRS"), ("target_ra", "target_dec") };

        private SkyPosition FromProperties(PSObject o)
        {
            var pairs = Frame == CoordinateFrame.Galactic ? new[] { ("l", "b"), ("glon", "glat") } : PropertyPairs;
            // A hashtable (@{ ra = 10.68; dec = 41.27 }) has keys, not properties: read them as properties, case ignored.
            var keys = o.BaseObject as System.Collections.IDictionary;
            foreach (var (lon, lat) in pairs)
            {
                var a = keys != null ? KeyValue(keys, lon) : o.Properties[lon]?.Value;
                var d = keys != null ? KeyValue(keys, lat) : o.Properties[lat]?.Value;
                if (a != null && d != null) return SkyPosition.Parse(AngleValue(a) + " " + AngleValue(d), CoreFrame);
            }
            throw new CadcException(ErrorIds.InvalidCoordinates, CadcErrorKind.InvalidArgument,
                $"The object has no coordinate properties: expected one of {string.Join(", ", pairs.Select(p => p.Item1 + "/" + p.Item2))}.", o);
        }

        /// <summary>The value of <paramref name="name"/> in <paramref name="keys"/>, whatever the case of the key.</summary>
        private static object? KeyValue(System.Collections.IDictionary keys, string name)
        {
            foreach (System.Collections.DictionaryEntry entry in keys)
                if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return entry.Value;
            return null;
        }

        private static string AngleValue(object value)
        {
            var v = value is PSObject p ? p.BaseObject : value;
            switch (v)
            {
                case double d: return d.ToString("R", CultureInfo.InvariantCulture);
                case float f: return f.ToString("R", CultureInfo.InvariantCulture);
                case IFormattable x: return x.ToString(null, CultureInfo.InvariantCulture);
                default: return (v?.ToString() ?? "").Trim();
            }
        }

        private SkyFrame CoreFrame => Frame == CoordinateFrame.Galactic ? SkyFrame.Galactic : Frame == CoordinateFrame.FK5 ? SkyFrame.FK5 : SkyFrame.ICRS;

        // Boxed: a field of a Core struct type would make PowerShell load Cadc.Core while it reflects over the
        // cmdlets at import, before the module's resolver (DependencyLoader) is in place.
        private double _radius;
        private object? _position;
        private string _name = "";

        /// <summary>A -Service URL ending in /sync or /async is taken as the TAP base URL it belongs to.</summary>
        private protected override string? CommandService => TapServiceArgument.BaseOf(this, Service);

        private protected override bool PrepareRecord()
        {
            _radius = AngleText.CheckRadius(AngleText.ParseDegrees(Radius), Radius);
            _position = null;
            _name = "";
            // -RA/-Dec (and piped objects' properties) are objects: numbers and text ("10.684", "00:42:44.3") both work.
            if (ParameterSetName == "RaDec") _position = SkyPosition.Parse(AngleValue(RA) + " " + AngleValue(Dec), CoreFrame);
            else
            {
                var value = Coordinates is PSObject p ? p.BaseObject : Coordinates;
                if (value is string text)
                {
                    _name = text;
                    if (SkyPosition.LooksLikeCoordinates(text)) _position = SkyPosition.Parse(text, CoreFrame);
                    else if (string.IsNullOrWhiteSpace(text))
                        throw new CadcException(ErrorIds.InvalidCoordinates, CadcErrorKind.InvalidArgument, "Coordinates are empty: give 'RA Dec' or an object name.", text);
                }
                else _position = FromProperties(PSObject.AsPSObject(Coordinates));
            }
            return true;
        }

        private protected override Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
            => SearchAsync(call, output, async c =>
            {
                var center = _position as SkyPosition? ?? (await c.Context.Targets.ResolveAsync(_name, c.WithService(Resolver)).ConfigureAwait(false)).Position;
                var collections = await CollectionFilter.ResolveAsync(Collection, AsQuery.IsPresent, c, output).ConfigureAwait(false);
                return CaomQueries.Region(center, _radius, collections, DataProductType);
            });
    }
}
