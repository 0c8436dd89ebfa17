using System;
using System.Globalization;
using System.Management.Automation;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// A timestamp cell as rows carry it: the DateTime itself (so <c>-is [datetime]</c>, comparisons, Sort-Object and
    /// [datetime] casts see a DateTime) in a PSObject whose first type name is <see cref="TypeName"/>, for which
    /// CadcPS.Types.ps1xml makes <see cref="Text"/> its ToString. Export-Csv and ConvertTo-Csv
    /// write a value's ToString(), which for a bare DateTime is the culture's text without milliseconds or zone;
    /// through this it is ISO 8601 UTC (2009-04-16T10:39:08.123Z), the same under every culture.
    /// </summary>
    public static class RowTimestamp
    {
        internal const string TypeName = "CadcPS.Timestamp";

        /// <summary>The DALI/ISO 8601 text: UTC, "Z", fractional seconds only as far as they are present.</summary>
        public static string Iso(DateTime value)
            => (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

        internal static object Wrap(DateTime value)
        {
            var o = new PSObject(value);
            o.TypeNames.Insert(0, TypeName);
            return o;
        }

        /// <summary>
        /// The ToString of a wrapped timestamp (a CodeMethod, so public): without arguments the ISO text; with arguments,
        /// DateTime's own overloads (ToString('yyyy-MM-dd'), ToString([cultureinfo]'de-DE'), ToString(format, provider)),
        /// as before the wrapping. Optional parameters, not params: PowerShell binds a CodeMethod's optional parameters.
        /// </summary>
        public static string Text(PSObject instance, object? format = null, object? provider = null)
        {
            if (instance is null) throw new ArgumentNullException(nameof(instance));
            if (!(instance.BaseObject is DateTime value)) return instance.BaseObject?.ToString() ?? "";
            format = format is PSObject f ? f.BaseObject : format;
            provider = provider is PSObject p ? p.BaseObject : provider;
            if (format is null && provider is null) return Iso(value);
            if (format is IFormatProvider only && provider is null) return value.ToString(only);
            return value.ToString(format?.ToString(), provider as IFormatProvider ?? CultureInfo.CurrentCulture);   // as DateTime.ToString(format)
        }
    }
}
