using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;

namespace Cadc.Core.Tap
{
    /// <summary>A table of a TAP service, from its VOSI tables document.</summary>
    public sealed class TapTable
    {
        public TapTable(string schema, string name, string? description, string? type, IReadOnlyList<TapColumn> columns)
        {
            Schema = schema;
            Name = name;
            Description = description;
            Type = type;
            Columns = columns;
        }

        public string Schema { get; }
        /// <summary>The qualified name as the service gives it (caom2.Observation).</summary>
        public string Name { get; }
        public string? Description { get; }
        /// <summary>table/@type: table, view, output.</summary>
        public string? Type { get; }
        /// <summary>Empty when the listing was read without columns.</summary>
        public IReadOnlyList<TapColumn> Columns { get; }
    }

    /// <summary>A column of a <see cref="TapTable"/>.</summary>
    public sealed class TapColumn
    {
        public TapColumn(string name, string? datatype, string? arraySize, string? xtype, string? unit, string? ucd, string? utype, string? description, IReadOnlyList<string> flags)
        {
            Name = name;
            Datatype = datatype;
            ArraySize = arraySize;
            XType = xtype;
            Unit = unit;
            Ucd = ucd;
            Utype = utype;
            Description = description;
            Flags = flags;
        }

        public string Name { get; }
        public string? Datatype { get; }
        public string? ArraySize { get; }
        public string? XType { get; }
        public string? Unit { get; }
        public string? Ucd { get; }
        public string? Utype { get; }
        public string? Description { get; }
        public IReadOnlyList<string> Flags { get; }
    }

    /// <summary>
    /// Reads a VOSI tableset (or a single table) with XmlReader, one table at a time, so a tableset of any
    /// size streams: CADC's runs to thousands of columns.
    /// </summary>
    public static class TableSetReader
    {
        /// <exception cref="FormatException">not a VOSI tables document, or malformed</exception>
        public static IEnumerable<TapTable> Read(Stream stream, bool withColumns)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true, IgnoreProcessingInstructions = true, CloseInput = false };
            // Bounded (ServerText): 300 MB documents took gigabytes.
            using var reader = XmlReader.Create(IO.ServerText.Bounded(stream, IO.ServerText.MaxTableSet, "a VOSI tables document"), settings);
            if (!Try(() => reader.MoveToContent()) .Equals(XmlNodeType.Element) || (reader.LocalName != "tableset" && reader.LocalName != "table"))
                throw new FormatException($"not a VOSI tables document (root <{reader.LocalName}>)");
            if (reader.LocalName == "table")
            {
                yield return ReadTable(reader, "", withColumns);
                yield break;
            }
            var schema = "";
            Try(() => reader.Read());
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (reader.LocalName == "schema") schema = "";
                    else if (reader.LocalName == "name" && reader.Depth == 2)
                    {
                        schema = Text(reader); // moves the reader on by itself
                        continue;
                    }
                    else if (reader.LocalName == "table") yield return ReadTable(reader, schema, withColumns);
                }
                Try(() => reader.Read());
            }
        }

        private static TapTable ReadTable(XmlReader reader, string schema, bool withColumns)
        {
            var type = reader.GetAttribute("type");
            var name = "";
            string? desc = null;
            var columns = new List<TapColumn>();
            if (reader.IsEmptyElement) return new TapTable(schema, name, null, type, columns);
            var depth = reader.Depth;
            Try(() => reader.Read());
            while (!reader.EOF && reader.Depth > depth)
            {
                if (reader.NodeType != XmlNodeType.Element) { Try(() => reader.Read()); continue; }
                switch (reader.LocalName)
                {
                    case "name": name = Text(reader); break;
                    case "description": desc = Text(reader); break;
                    case "column":
                        if (columns.Count == MaxColumns) throw IO.ServerText.TooLarge("a table of more columns", $"{MaxColumns:N0} columns");
                        if (withColumns) columns.Add(ReadColumn(reader));
                        else Try(() => { reader.Skip(); return true; });
                        break;
                    default: Try(() => { reader.Skip(); return true; }); break;
                }
            }
            if (schema.Length == 0)
            {
                var dot = name.IndexOf('.');
                schema = dot > 0 ? name.Substring(0, dot) : "";
            }
            return new TapTable(schema, name, desc, type, columns);
        }

        private static TapColumn ReadColumn(XmlReader reader)
        {
            string name = "";
            string? datatype = null, arraysize = null, xtype = null, unit = null, ucd = null, utype = null, description = null;
            var flags = new List<string>();
            if (reader.IsEmptyElement) { Try(() => reader.Read()); return new TapColumn(name, null, null, null, null, null, null, null, flags); }
            var depth = reader.Depth;
            Try(() => reader.Read());
            while (!reader.EOF && reader.Depth > depth)
            {
                if (reader.NodeType != XmlNodeType.Element) { Try(() => reader.Read()); continue; }
                switch (reader.LocalName)
                {
                    case "name": name = Text(reader); break;
                    case "description": description = Text(reader); break;
                    case "unit": unit = Text(reader); break;
                    case "ucd": ucd = Text(reader); break;
                    case "utype": utype = Text(reader); break;
                    case "flag": flags.Add(Text(reader)); break;
                    case "dataType":
                        arraysize = reader.GetAttribute("arraysize");
                        xtype = reader.GetAttribute("extendedType") ?? reader.GetAttribute("xtype");
                        datatype = Text(reader);
                        break;
                    default: Try(() => { reader.Skip(); return true; }); break;
                }
            }
            Try(() => reader.Read()); // past </column>
            return new TapColumn(name, datatype, arraysize, xtype, unit, ucd, utype, description, flags);
        }

        /// <summary>Columns of one table CadcPS holds at most (the largest real tables have a few hundred).</summary>
        internal const int MaxColumns = 65536;

        /// <summary>On an element: its text, trimmed (at most ServerText.MaxValueChars), leaving the reader past it.</summary>
        private static string Text(XmlReader reader)
            => Try(() =>
            {
                var text = IO.ServerText.ElementText(reader, IO.ServerText.MaxValueChars, "a VOSI tables value") ?? "";
                reader.Read();
                return text.Trim();
            });

        private static T Try<T>(Func<T> read)
        {
            try { return read(); }
            catch (XmlException ex) { throw new FormatException("malformed VOSI tables document: " + ex.Message, ex); }
        }
    }
}
