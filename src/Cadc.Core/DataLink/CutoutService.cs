using System;
using System.Collections.Generic;
using System.Linq;
using Cadc.Core.VOTable;

namespace Cadc.Core.DataLink
{
    /// <summary>
    /// The #cutout service of one dataset, from its DataLink service descriptor: where to send a SODA
    /// request and the input values fixed for this dataset (its ID), to which the region is added.
    /// </summary>
    public sealed class CutoutService
    {
        private readonly IReadOnlyList<KeyValuePair<string, string>> _fixed;

        private CutoutService(Uri accessUrl, IReadOnlyList<KeyValuePair<string, string>> fixedValues)
        {
            AccessUrl = accessUrl;
            _fixed = fixedValues;
        }

        public Uri AccessUrl { get; }

        /// <summary>The cutout request for <paramref name="pos"/> (a SODA POS value such as "CIRCLE ra dec r").</summary>
        public Uri UrlFor(string pos)
        {
            var query = string.Join("&", _fixed.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)).Append("POS=" + Uri.EscapeDataString(pos)));
            return new Uri(AccessUrl.AbsoluteUri + (AccessUrl.Query.Length > 0 ? "&" : "?") + query);
        }

        /// <summary>
        /// The service of a #cutout row: its descriptor's accessURL (else the row's access_url) and the input
        /// PARAMs that carry a value. An ID without a value (a ref to the results' ID column) is the row's ID.
        /// Null when the row names no synchronous service.
        /// </summary>
        internal static CutoutService? From(DataLinkRow row, IReadOnlyList<ServiceDescriptor> descriptors)
        {
            var descriptor = row.ServiceDef is null ? null : descriptors.FirstOrDefault(d => string.Equals(d.Id, row.ServiceDef, StringComparison.Ordinal));
            // An async SODA endpoint would answer a job, not the cutout.
            if (descriptor?.StandardId?.IndexOf("#async", StringComparison.OrdinalIgnoreCase) >= 0) return null;
            var url = descriptor?.AccessUrl ?? row.AccessUrl;
            if (url is null) return null;
            var values = new List<KeyValuePair<string, string>>();
            foreach (var p in descriptor?.InputParams ?? Array.Empty<VOTableParam>())
            {
                if (string.Equals(p.Name, "POS", StringComparison.OrdinalIgnoreCase)) continue;
                if (!string.IsNullOrEmpty(p.Value)) values.Add(new KeyValuePair<string, string>(p.Name, p.Value!));
                else if (string.Equals(p.Name, "ID", StringComparison.OrdinalIgnoreCase)) values.Add(new KeyValuePair<string, string>("ID", row.Id));
            }
            if (!values.Any(v => string.Equals(v.Key, "ID", StringComparison.OrdinalIgnoreCase))) values.Insert(0, new KeyValuePair<string, string>("ID", row.Id));
            return new CutoutService(url, values);
        }
    }
}
