using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Astro;
using Cadc.Core.Caom;
using Cadc.Core.Errors;
using Cadc.Core.Geometry;
using Cadc.Core.Tap;
using Cadc.Core.VOTable;
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

        // What a list of targets (Import-Csv targets.csv) typically calls its object names; searched when there are no coordinates.
        private static readonly string[] NameProperties = { "name", "target", "object", "target_name", "targetname", "object_name", "source", "main_id" };

        /// <summary>
        /// The position of a piped object (its coordinate properties), or null with <paramref name="name"/> set when it has
        /// only a name (a CSV with a name, target or object column). <paramref name="name"/> is the object's name when it has one.
        /// </summary>
        private SkyPosition? FromProperties(PSObject o, out string name)
        {
            var pairs = Frame == CoordinateFrame.Galactic ? new[] { ("l", "b"), ("glon", "glat") } : PropertyPairs;
            // A hashtable (@{ ra = 10.68; dec = 41.27 }) has keys, not properties: read them as properties, case ignored.
            var keys = o.BaseObject as System.Collections.IDictionary;
            object? Value(string property) => keys != null ? KeyValue(keys, property) : o.Properties[property]?.Value;
            name = "";
            foreach (var property in NameProperties)
                if (Value(property) is object n && AngleValue(n) is var text && text.Length > 0) { name = text; break; }
            foreach (var (lon, lat) in pairs)
            {
                var a = Value(lon);
                var d = Value(lat);
                if (a != null && d != null) return SkyPosition.Parse(AngleValue(a) + " " + AngleValue(d), CoreFrame);
            }
            if (name.Length > 0) return null;
            throw new CadcException(ErrorIds.InvalidCoordinates, CadcErrorKind.InvalidArgument,
                $"The object has no coordinate properties (expected one of {string.Join(", ", pairs.Select(p => p.Item1 + "/" + p.Item2))}) and no name property (one of {string.Join(", ", NameProperties)}).", o);
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
        // What each row says it was found for (SearchTarget): the name or coordinates as typed, a piped object's name, else its centre.
        private string _label = "";

        /// <summary>A -Service URL ending in /sync or /async is taken as the TAP base URL it belongs to.</summary>
        private protected override string? CommandService => TapServiceArgument.BaseOf(this, Service);

        private protected override bool PrepareRecord()
        {
            _radius = AngleText.CheckRadius(AngleText.ParseDegrees(Radius), Radius);
            _position = null;
            _name = "";
            // -RA/-Dec (and piped objects' properties) are objects: numbers and text ("10.684", "00:42:44.3") both work.
            if (ParameterSetName == "RaDec")
            {
                _label = AngleValue(RA) + " " + AngleValue(Dec);
                _position = SkyPosition.Parse(_label, CoreFrame);
            }
            else
            {
                var value = Coordinates is PSObject p ? p.BaseObject : Coordinates;
                if (value is string text)
                {
                    _name = text;
                    _label = text.Trim();
                    if (SkyPosition.LooksLikeCoordinates(text)) _position = SkyPosition.Parse(text, CoreFrame);
                    else if (string.IsNullOrWhiteSpace(text))
                        throw new CadcException(ErrorIds.InvalidCoordinates, CadcErrorKind.InvalidArgument, "Coordinates are empty: give 'RA Dec' or an object name.", text);
                }
                else
                {
                    var position = FromProperties(PSObject.AsPSObject(Coordinates), out var name);
                    _position = position;
                    _name = position is null ? name : "";
                    _label = name.Length > 0 ? name : position!.Value.ToString();
                }
            }
            return true;
        }

        private protected override async Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
        {
            var center = _position as SkyPosition? ?? (await call.Context.Targets.ResolveAsync(_name, call.WithService(Resolver)).ConfigureAwait(false)).Position;
            var collections = await CollectionFilter.ResolveAsync(Collection, AsQuery.IsPresent, call, output).ConfigureAwait(false);
            var adql = CaomQueries.Region(center, _radius, collections, DataProductType);
            if (AsQuery.IsPresent)
            {
                output.WriteObject(adql);
                return;
            }
            var query = new TapQuery(adql) { MaxRecords = MaxRecords >= 0 ? MaxRecords : (long?)null };
            await RegionRows.StreamAsync(call, query, output, _label, center.Ra, center.Dec).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The rows of a region search, each with what it was found for: SearchTarget (the input as typed, or its centre) and
    /// SeparationArcsec, arcseconds from the search centre to the centre of the plane's position_bounds (null when the row
    /// has no footprint CadcPS can read). Arcseconds, not the archive's degrees: PowerShell 7.6's tables show a double with
    /// 2 decimals, and 0.00 degrees is any plane within 18". Computed here from the row, not in ADQL, so that it is the same on CADC (shape text) and
    /// DaCHS (double[*] polygons) and the query stays astroquery's.
    /// </summary>
    internal static class RegionRows
    {
        internal const string TargetProperty = "SearchTarget";
        internal const string SeparationProperty = "SeparationArcsec";

        public static Task StreamAsync(CadcCall call, TapQuery query, PipelineWriter writer, string label, double ra, double dec)
            => TapRows.StreamAsync(call, query, writer, CaomSearchCmdlet.RowType, fields => Columns(fields, label, ra, dec));

        /// <summary>SearchTarget and SeparationArcsec, computed from each row's position_bounds.</summary>
        internal static AddedColumns Columns(IReadOnlyList<VOTableField> fields, string label, double ra, double dec)
        {
            var bounds = -1;
            for (var i = 0; i < fields.Count && bounds < 0; i++)
                if (string.Equals(fields[i].Name, "position_bounds", StringComparison.OrdinalIgnoreCase)) bounds = i;
            var target = VOTableField.Computed(fields, TargetProperty, "char", "*", null, "meta.id;meta.main",
                "What the row was found for: the search input as typed, or its centre");
            var separation = VOTableField.Computed(fields, SeparationProperty, "double", null, "arcsec", "pos.angDistance",
                "From the search centre to the centre of the plane's position_bounds");
            return new AddedColumns(new[] { target, separation }, (row, all, at) =>
            {
                all[at] = label;
                all[at + 1] = bounds >= 0 ? SkySeparation.FromCenterOf(ra, dec, row[bounds]) * 3600 : null;
            });
        }
    }
}
