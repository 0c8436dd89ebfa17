using System;
using System.Collections.Generic;
using System.Linq;
using Cadc.Core.Registry;

namespace Cadc.Core.Tap
{
    /// <summary>The three ways a VOTable carries its rows (VOTable 1.4 section 5).</summary>
    public enum VOTableSerialization
    {
        TableData,
        Binary,
        Binary2,
    }

    /// <summary>
    /// What a TAP service's outputFormats say about VOTable results (TAPRegExt, DALI): which are VOTables, in which
    /// serialization, and which one a RESPONSEFORMAT value names. Services differ: CADC's argus lists
    /// application/x-votable+xml and text/xml (TABLEDATA) and refuses DaCHS's votable/td, votable/b, votable/b2.
    /// </summary>
    public static class ResponseFormats
    {
        private const string VOTableMime = "application/x-votable+xml";
        private const string OutputVOTable = "ivo://ivoa.net/std/TAPRegExt#output-votable-";

        /// <summary>The standard MIME type of a serialization (DALI 1.1), for a service that lists no outputFormat.</summary>
        public static string StandardMime(VOTableSerialization serialization) => VOTableMime + ";serialization=" + Keyword(serialization);

        /// <summary>TABLEDATA, BINARY or BINARY2: the serialization's name in VOTable and in MIME parameters.</summary>
        public static string Keyword(VOTableSerialization serialization) => serialization.ToString().ToUpperInvariant();

        /// <summary>TableData, Binary or Binary2 (any case; TABLEDATA and the other VOTable keywords too).</summary>
        public static bool TryParseSerialization(string? text, out VOTableSerialization serialization)
        {
            foreach (VOTableSerialization s in Enum.GetValues(typeof(VOTableSerialization)))
            {
                if (string.Equals(text?.Trim(), s.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    serialization = s;
                    return true;
                }
            }
            serialization = default;
            return false;
        }

        /// <summary>True for a VOTable MIME type, with or without parameters: application/x-votable+xml, text/xml.</summary>
        public static bool IsVOTableMime(string value)
        {
            var baseType = value.Split(';')[0].Trim();
            return string.Equals(baseType, VOTableMime, StringComparison.OrdinalIgnoreCase) || string.Equals(baseType, "text/xml", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>True when <paramref name="format"/> gives a VOTable (by its ivo-id, else its MIME type).</summary>
        public static bool IsVOTable(OutputFormat format)
            => (format.IvoId != null && format.IvoId.StartsWith(OutputVOTable, StringComparison.OrdinalIgnoreCase)) || IsVOTableMime(format.Mime);

        /// <summary>The serialization <paramref name="format"/> gives, by its ivo-id (output-votable-td/-binary/-binary2), else its MIME serialization parameter; null when unsaid.</summary>
        public static VOTableSerialization? SerializationOf(OutputFormat format)
        {
            if (format.IvoId != null && format.IvoId.StartsWith(OutputVOTable, StringComparison.OrdinalIgnoreCase))
            {
                switch (format.IvoId.Substring(OutputVOTable.Length).ToUpperInvariant())
                {
                    case "TD": return VOTableSerialization.TableData;
                    case "BINARY": return VOTableSerialization.Binary;
                    case "BINARY2": return VOTableSerialization.Binary2;
                }
            }
            if (!IsVOTableMime(format.Mime)) return null;
            foreach (var parameter in format.Mime.Split(';').Skip(1))
            {
                var kv = parameter.Split('=');
                if (kv.Length == 2 && string.Equals(kv[0].Trim(), "serialization", StringComparison.OrdinalIgnoreCase) && TryParseSerialization(kv[1].Trim().Trim('"'), out var s))
                    return s;
            }
            return null;
        }

        /// <summary>The first VOTable format of <paramref name="formats"/> in <paramref name="serialization"/>; null when none is listed.</summary>
        public static OutputFormat? Find(IEnumerable<OutputFormat> formats, VOTableSerialization serialization)
            => formats.FirstOrDefault(f => IsVOTable(f) && SerializationOf(f) == serialization);

        /// <summary>
        /// The listed format <paramref name="value"/> names, as an alias or as its MIME type (any case, spaces around
        /// parameters ignored), with the exact text the service listed; null when none does.
        /// </summary>
        public static (OutputFormat Format, string Listed)? Find(IEnumerable<OutputFormat> formats, string value)
        {
            var wanted = Normalized(value);
            foreach (var f in formats)
            {
                var alias = f.Aliases.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase));
                if (alias != null) return (f, alias);
                if (Normalized(f.Mime) == wanted) return (f, f.Mime);
            }
            return null;
        }

        private static string Normalized(string mime)
            => string.Join(";", mime.Split(';').Select(p => p.Trim())).ToUpperInvariant();
    }
}
