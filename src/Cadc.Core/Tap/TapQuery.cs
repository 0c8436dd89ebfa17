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
            Adql = global::Cadc.Core.Adql.AdqlText.WithoutTerminator(adql, out var stripped);
            if (Adql.Length == 0)
                throw new CadcException(ErrorIds.EmptyQuery, CadcErrorKind.InvalidArgument, "The query is empty: give an ADQL SELECT statement.", adql);
            StrippedTerminator = stripped;
        }

        /// <summary>The query as sent: trimmed, without the trailing semicolons a TAP service would reject.</summary>
        public string Adql { get; }

        /// <summary>True when trailing semicolons were removed from the query as given (for a -Verbose note).</summary>
        public bool StrippedTerminator { get; }
        public string Language { get; set; } = "ADQL";

        /// <summary>MAXREC: the most rows the service may return; null leaves it to the service.</summary>
        public long? MaxRecords { get; set; }

        /// <summary>RESPONSEFORMAT; null lets the client choose.</summary>
        public string? ResponseFormat { get; set; }

        /// <summary>Tables sent with the query, queryable as TAP_UPLOAD.name.</summary>
        public IList<UploadTable> Uploads { get; } = new List<UploadTable>();

        /// <summary>The request body: a form, or multipart/form-data when tables are uploaded (UPLOAD=name,param:name).</summary>
        internal System.Net.Http.HttpContent Content(string responseFormat)
        {
            if (Uploads.Count == 0) return new System.Net.Http.FormUrlEncodedContent(FormFields(responseFormat));
            var multipart = new System.Net.Http.MultipartFormDataContent();
            foreach (var f in FormFields(responseFormat)) multipart.Add(new System.Net.Http.StringContent(f.Value), f.Key);
            multipart.Add(new System.Net.Http.StringContent(string.Join(";", System.Linq.Enumerable.Select(Uploads, u => u.Name + ",param:" + u.Name))), "UPLOAD");
            foreach (var u in Uploads)
            {
                var part = u.Content();
                part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-votable+xml");
                multipart.Add(part, u.Name, u.Name + ".xml");
            }
            return multipart;
        }

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
