using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Xml;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// Copies a VOTable keeping only the first rows of its table: the document as served (its RESOURCEs, INFOs,
    /// PARAMs, FIELDs, the serialization of the rows kept), then the table closed, a QUERY_STATUS=OVERFLOW INFO after
    /// it (as TAP says a truncated result ends) and every open element closed. What came after the rows is left out.
    /// For a service that sends more rows than MAXREC asked: the copy reads only up to the first row beyond, so
    /// <paramref name="source"/> may be a document cut anywhere after that row's start.
    /// </summary>
    internal static class VOTableCut
    {
        /// <param name="source">The document (or its beginning), from its first byte.</param>
        /// <param name="tableAt">Where the table is (<see cref="VOTableReader.TableAt"/> of a reader of the same document).</param>
        /// <param name="fields">The table's FIELDs (to find where BINARY rows end).</param>
        /// <returns>The rows written.</returns>
        public static long Write(Stream source, Stream output, (int Line, int Position) tableAt, IReadOnlyList<VOTableField> fields, long keep)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = false };
            using var xml = XmlReader.Create(source, settings);
            using var w = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = false });
            w.WriteStartDocument();
            try
            {
                while (xml.Read())
                {
                    if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "TABLE" && At(xml, tableAt))
                    {
                        var ns = xml.NamespaceURI;
                        var rows = CopyTable(xml, w, fields, keep);
                        w.WriteEndElement(); // TABLE
                        w.WriteStartElement("INFO", ns);
                        w.WriteAttributeString("name", "QUERY_STATUS");
                        w.WriteAttributeString("value", "OVERFLOW");
                        w.WriteString($"The service sent more rows than MAXREC; the first {rows.ToString(System.Globalization.CultureInfo.InvariantCulture)} are kept.");
                        w.WriteEndElement();
                        w.WriteEndDocument(); // closes the RESOURCEs and the VOTABLE
                        return rows;
                    }
                    CopyNode(xml, w);
                }
            }
            catch (XmlException ex)
            {
                throw new VOTableFormatException("The VOTable could not be cut to its first rows: " + ex.Message, ex.LineNumber, ex.LinePosition, ex);
            }
            throw new VOTableFormatException("The VOTable could not be cut to its first rows: its table was not found.");
        }

        private static bool At(XmlReader xml, (int Line, int Position) at)
            => xml is IXmlLineInfo info && info.LineNumber == at.Line && info.LinePosition == at.Position;

        /// <summary>On the TABLE: copies it up to its rows and the first <paramref name="keep"/> of them, leaving TABLE open.</summary>
        private static long CopyTable(XmlReader xml, XmlWriter w, IReadOnlyList<VOTableField> fields, long keep)
        {
            CopyNode(xml, w);
            if (xml.IsEmptyElement) return 0;
            var tableDepth = xml.Depth;
            xml.Read();
            while (!xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == tableDepth) return 0;
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "DATA" && xml.Depth == tableDepth + 1)
                {
                    CopyNode(xml, w);
                    if (xml.IsEmptyElement) return 0;
                    var rows = CopyData(xml, w, fields, keep);
                    w.WriteEndElement(); // DATA
                    return rows;
                }
                if (xml.NodeType == XmlNodeType.Element) { w.WriteNode(xml, true); continue; } // FIELD, PARAM...: and on past them
                CopyNode(xml, w);
                xml.Read();
            }
            throw new VOTableFormatException("The VOTable ends inside its table.");
        }

        private static long CopyData(XmlReader xml, XmlWriter w, IReadOnlyList<VOTableField> fields, long keep)
        {
            var dataDepth = xml.Depth;
            xml.Read();
            while (!xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == dataDepth) return 0;
                if (xml.NodeType != XmlNodeType.Element) { CopyNode(xml, w); xml.Read(); continue; }
                switch (xml.LocalName)
                {
                    case "TABLEDATA":
                        CopyNode(xml, w);
                        if (xml.IsEmptyElement) return 0;
                        var rows = CopyTableData(xml, w, keep);
                        w.WriteEndElement();
                        return rows;
                    case "BINARY":
                    case "BINARY2":
                        CopyNode(xml, w);
                        if (xml.IsEmptyElement) return 0;
                        var binary = CopyBinary(xml, w, fields, keep, xml.LocalName == "BINARY2");
                        w.WriteEndElement();
                        return binary;
                    default:
                        w.WriteNode(xml, true); // and on past it
                        break;
                }
            }
            throw new VOTableFormatException("The VOTable ends inside its data.");
        }

        private static long CopyTableData(XmlReader xml, XmlWriter w, long keep)
        {
            var depth = xml.Depth;
            long rows = 0;
            xml.Read();
            while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "TR")
                {
                    if (rows == keep) return rows; // the first row beyond: nothing after it is read
                    w.WriteNode(xml, true);        // the row, and on to the node after it
                    rows++;
                    continue;
                }
                CopyNode(xml, w);
                xml.Read();
            }
            return rows;
        }

        private static long CopyBinary(XmlReader xml, XmlWriter w, IReadOnlyList<VOTableField> fields, long keep, bool binary2)
        {
            var depth = xml.Depth;
            while (xml.Read() && xml.NodeType != XmlNodeType.Element)
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) return 0;
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "STREAM") throw new VOTableFormatException("BINARY data without a STREAM.");
            CopyNode(xml, w);
            if (xml.IsEmptyElement || !xml.Read()) return 0;
            var src = new BinarySource(new XmlBase64Text(xml, false));
            var flags = binary2 ? new byte[(fields.Count + 7) / 8] : null;
            long rows = 0;
            while (rows < keep && !src.AtEnd)
            {
                src.Mark();
                if (flags != null)
                {
                    src.Need(flags.Length);
                    src.Read(flags);
                    for (var i = 0; i < fields.Count; i++) fields[i].Codec.FromBinary(src, (flags[i >> 3] & (0x80 >> (i & 7))) != 0, false);
                }
                else
                {
                    for (var i = 0; i < fields.Count; i++) fields[i].Codec.FromBinary(src, false, true);
                }
                var row = src.Marked();
                w.WriteBase64(row.Array!, row.Offset, row.Count);
                rows++;
            }
            w.WriteEndElement(); // STREAM
            return rows;
        }

        /// <summary>Writes the node the reader is on (an element's start with its attributes; empty ones closed).</summary>
        private static void CopyNode(XmlReader xml, XmlWriter w)
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                    w.WriteStartElement(xml.Prefix, xml.LocalName, xml.NamespaceURI);
                    w.WriteAttributes(xml, true);
                    if (xml.IsEmptyElement) w.WriteEndElement();
                    break;
                case XmlNodeType.Text: w.WriteString(xml.Value); break;
                case XmlNodeType.CDATA: w.WriteCData(xml.Value); break;
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace: w.WriteWhitespace(xml.Value); break;
                case XmlNodeType.Comment: w.WriteComment(xml.Value); break;
                case XmlNodeType.ProcessingInstruction: w.WriteProcessingInstruction(xml.Name, xml.Value); break;
                case XmlNodeType.EndElement: w.WriteFullEndElement(); break;
                case XmlNodeType.EntityReference: w.WriteEntityRef(xml.Name); break;
                // XmlDeclaration: the writer writes its own (UTF-8); DocumentType: refused by the reader.
            }
        }
    }
}
