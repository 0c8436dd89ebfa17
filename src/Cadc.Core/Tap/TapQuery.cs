using System.Collections.Generic;
using Cadc.Core.Errors;

namespace Cadc.Core.Tap
{
    /// <summary>What a TAP request asks for (TAP 1.1 parameters).</summary>
    public sealed class TapQuery
    {
        public TapQuery(string adql)
        {
            if (string.IsNullOrWhiteSpace(adql))
                throw new CadcException(ErrorIds.EmptyQuery, CadcErrorKind.InvalidArgument, "The query is empty: give an ADQL SELECT statement.", adql);
            Adql = adql.Trim();
        }

        public string Adql { get; }
        public string Language { get; set; } = "ADQL";

        /// <summary>MAXREC: the most rows the service may return; null leaves it to the service.</summary>
        public long? MaxRecords { get; set; }

        /// <summary>RESPONSEFORMAT; null lets the client choose.</summary>
        public string? ResponseFormat { get; set; }

        internal IEnumerable<KeyValuePair<string, string>> FormFields(string responseFormat)
        {
            yield return new KeyValuePair<string, string>("LANG", Language);
            yield return new KeyValuePair<string, string>("REQUEST", "doQuery");
            yield return new KeyValuePair<string, string>("QUERY", Adql);
            if (MaxRecords.HasValue) yield return new KeyValuePair<string, string>("MAXREC", MaxRecords.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            yield return new KeyValuePair<string, string>("RESPONSEFORMAT", responseFormat);
        }
    }
}
