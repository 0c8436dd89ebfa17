using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// Reads a VOTable as it arrives (XmlReader, never a DOM): the metadata up to the data first, then one
    /// row per <see cref="ReadRow"/>. TABLEDATA, BINARY and BINARY2. The table read is the first one that
    /// is not in a RESOURCE of type "meta" (service descriptors).
    /// </summary>
    public sealed class VOTableReader : IDisposable
    {
        private enum Mode { None, TableData, Binary, Binary2, Done }

        private readonly XmlReader _xml;
        private readonly List<VOTableField> _fields = new List<VOTableField>();
        private readonly List<FieldCodec> _codecs = new List<FieldCodec>();
        private readonly List<VOTableInfo> _infos = new List<VOTableInfo>();
        private readonly List<VOTableParam> _params = new List<VOTableParam>();
        private readonly Stack<string?> _resourceTypes = new Stack<string?>();
        private Mode _mode;
        private BinarySource? _binary;
        private int _tableDepth = -1;
        private int _dataDepth = -1;

        private VOTableReader(XmlReader xml) => _xml = xml;

        public bool HasTable { get; private set; }
        public IReadOnlyList<VOTableField> Fields => _fields;
        public IReadOnlyList<VOTableInfo> Infos => _infos;
        public IReadOnlyList<VOTableParam> Params => _params;

        /// <summary>The value of the last QUERY_STATUS INFO read so far (OK, ERROR, OVERFLOW).</summary>
        public string? QueryStatus { get; private set; }

        /// <summary>That INFO's text (its value when it has none).</summary>
        public string? QueryStatusMessage { get; private set; }

        public static VOTableReader Open(Stream stream)
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                IgnoreWhitespace = true,
                CloseInput = false,
            };
            var reader = new VOTableReader(XmlReader.Create(stream, settings));
            try
            {
                reader.ReadHeader();
                return reader;
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }

        private void ReadHeader()
        {
            Guard(() =>
            {
                if (_xml.MoveToContent() != XmlNodeType.Element || _xml.LocalName != "VOTABLE")
                    throw Error($"not a VOTable (the document starts with <{_xml.LocalName}>)");
                while (_xml.Read())
                {
                    if (_xml.NodeType == XmlNodeType.EndElement)
                    {
                        if (_xml.LocalName == "RESOURCE" && _resourceTypes.Count > 0) _resourceTypes.Pop();
                        else if (_xml.LocalName == "TABLE" && HasTable && _xml.Depth == _tableDepth) { _mode = Mode.None; return; }
                        continue;
                    }
                    if (_xml.NodeType != XmlNodeType.Element) continue;
                    switch (_xml.LocalName)
                    {
                        case "RESOURCE":
                            if (!_xml.IsEmptyElement) _resourceTypes.Push(_xml.GetAttribute("type"));
                            break;
                        case "INFO": ReadInfo(); break;
                        case "PARAM": if (!HasTable || _xml.Depth > _tableDepth) ReadParam(); break;
                        case "TABLE":
                            if (InMetaResource() || _xml.IsEmptyElement) { Skip(); break; }
                            HasTable = true;
                            _tableDepth = _xml.Depth;
                            break;
                        case "FIELD": if (HasTable && _xml.Depth == _tableDepth + 1) ReadField(); else Skip(); break;
                        case "DATA":
                            if (!HasTable || _xml.Depth != _tableDepth + 1) { Skip(); break; }
                            _dataDepth = _xml.Depth;
                            break;
                        case "TABLEDATA":
                            if (_dataDepth < 0) { Skip(); break; }
                            _mode = Mode.TableData;
                            if (_xml.IsEmptyElement) _mode = Mode.None;
                            return;
                        case "BINARY":
                        case "BINARY2":
                            if (_dataDepth < 0) { Skip(); break; }
                            _mode = _xml.LocalName == "BINARY" ? Mode.Binary : Mode.Binary2;
                            OpenStream();
                            return;
                        case "FITS":
                            throw Error("FITS-serialized VOTable data is not supported");
                        case "GROUP":
                        case "DESCRIPTION":
                        case "LINK":
                        case "COOSYS":
                        case "TIMESYS":
                            Skip();
                            break;
                    }
                }
                _mode = Mode.Done;
            });
        }

        private bool InMetaResource()
        {
            foreach (var t in _resourceTypes) if (string.Equals(t, "meta", StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        private void OpenStream()
        {
            // <BINARY><STREAM encoding="base64">...</STREAM></BINARY>
            while (_xml.Read() && _xml.NodeType != XmlNodeType.Element && _xml.NodeType != XmlNodeType.EndElement) { }
            if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "STREAM") throw Error("BINARY data without a STREAM");
            if (_xml.GetAttribute("href") != null) throw Error("STREAM href (data outside the document) is not supported");
            var encoding = _xml.GetAttribute("encoding");
            if (encoding != null && !encoding.Equals("base64", StringComparison.OrdinalIgnoreCase)) throw Error($"STREAM encoding '{encoding}' is not supported");
            if (_xml.IsEmptyElement) { _binary = null; _mode = Mode.None; return; }
            _xml.Read(); // to the text (or the end element of an empty stream)
            _binary = new BinarySource(_xml);
        }

        /// <summary>The next row, or null at the end (after which the rest of the document, with trailing INFOs, has been read).</summary>
        public object?[]? ReadRow()
        {
            return Guard(() =>
            {
                switch (_mode)
                {
                    case Mode.TableData:
                        var row = ReadTableDataRow();
                        if (row != null) return row;
                        break;
                    case Mode.Binary:
                    case Mode.Binary2:
                        if (_binary != null && !_binary.AtEnd) return ReadBinaryRow();
                        break;
                    case Mode.Done:
                        return null;
                }
                ReadTrailer();
                return null;
            });
        }

        private object?[]? ReadTableDataRow()
        {
            // positioned on <TABLEDATA> (first call) or after the previous </TR>
            while (true)
            {
                if (!_xml.Read()) throw Error("the document ends inside TABLEDATA");
                if (_xml.NodeType == XmlNodeType.EndElement && _xml.LocalName == "TABLEDATA") return null;
                if (_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "TR") break;
            }
            var row = new object?[_codecs.Count];
            if (_xml.IsEmptyElement) return row;
            var trDepth = _xml.Depth;
            var i = 0;
            _xml.Read();
            while (!(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == trDepth))
            {
                if (_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "TD")
                {
                    var text = _xml.IsEmptyElement ? "" : null;
                    if (text != null) _xml.Read();
                    else text = _xml.ReadElementContentAsString();
                    if (i < row.Length) row[i] = _codecs[i].FromText(text);
                    i++;
                }
                else if (!_xml.Read()) throw Error("the document ends inside a row");
                if (_xml.EOF) throw Error("the document ends inside a row");
            }
            if (i != row.Length) throw Error($"a row has {i} cells for {row.Length} fields");
            return row;
        }

        private object?[] ReadBinaryRow()
        {
            var src = _binary!;
            var row = new object?[_codecs.Count];
            bool[]? nulls = _mode == Mode.Binary2 ? src.NullFlags(_codecs.Count) : null;
            for (var i = 0; i < row.Length; i++) row[i] = _codecs[i].FromBinary(src, nulls != null && nulls[i]);
            return row;
        }

        /// <summary>Reads to the end of the document, collecting trailing INFOs (QUERY_STATUS after the table).</summary>
        private void ReadTrailer()
        {
            _mode = Mode.Done;
            while (_xml.Read())
            {
                if (_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "INFO") ReadInfo();
            }
            if (!_xml.EOF || _xml.ReadState == ReadState.Error) throw Error("the document is truncated");
        }

        private void ReadInfo()
        {
            var name = _xml.GetAttribute("name") ?? "";
            var value = _xml.GetAttribute("value");
            var id = _xml.GetAttribute("ID");
            string? content = null;
            if (!_xml.IsEmptyElement)
            {
                content = _xml.ReadElementContentAsString();
                if (content.Length == 0) content = null;
            }
            _infos.Add(new VOTableInfo(name, value, content, id));
            if (string.Equals(name, "QUERY_STATUS", StringComparison.OrdinalIgnoreCase))
            {
                QueryStatus = value;
                QueryStatusMessage = string.IsNullOrWhiteSpace(content) ? value : content!.Trim();
            }
        }

        private void ReadParam()
        {
            _params.Add(new VOTableParam(_xml.GetAttribute("name") ?? "", _xml.GetAttribute("value"), _xml.GetAttribute("datatype") ?? "char",
                _xml.GetAttribute("arraysize"), _xml.GetAttribute("xtype"), _xml.GetAttribute("ucd"), _xml.GetAttribute("utype"),
                _xml.GetAttribute("ref"), null, _xml.GetAttribute("unit"), _xml.GetAttribute("ID")));
            Skip();
        }

        private readonly HashSet<string> _keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        private void ReadField()
        {
            var name = _xml.GetAttribute("name") ?? _xml.GetAttribute("ID") ?? "col" + (_fields.Count + 1);
            var datatype = _xml.GetAttribute("datatype") ?? "char";
            var arraysize = _xml.GetAttribute("arraysize");
            var xtype = _xml.GetAttribute("xtype");
            var id = _xml.GetAttribute("ID");
            var unit = _xml.GetAttribute("unit");
            var ucd = _xml.GetAttribute("ucd");
            var utype = _xml.GetAttribute("utype");
            string? description = null, nullValue = null;
            if (!_xml.IsEmptyElement)
            {
                var depth = _xml.Depth;
                while (_xml.Read() && _xml.Depth > depth)
                {
                    if (_xml.NodeType != XmlNodeType.Element) continue;
                    if (_xml.LocalName == "DESCRIPTION" && _xml.Depth == depth + 1) description = _xml.ReadElementContentAsString().Trim();
                    else if (_xml.LocalName == "VALUES" && _xml.Depth == depth + 1) nullValue = _xml.GetAttribute("null");
                    if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth) break;
                }
            }
            var codec = new FieldCodec(name, datatype, arraysize, xtype, nullValue);
            _codecs.Add(codec);
            _fields.Add(new VOTableField(name, UniqueKey(name), id, datatype, arraysize, xtype,
                unit, ucd, utype, description, nullValue, codec.ValueType));
        }

        // obsID, obsID, OBSID -> obsID, obsID_2, OBSID_3: case-insensitively unique, predictable, case kept.
        private string UniqueKey(string name)
        {
            if (_keys.Add(name)) return name;
            var n = 2;
            string key;
            do key = name + "_" + n++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            while (!_keys.Add(key));
            return key;
        }

        private void Skip()
        {
            if (_xml.IsEmptyElement) return;
            var depth = _xml.Depth;
            while (_xml.Read() && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth)) { }
        }

        private VOTableFormatException Error(string message)
        {
            var info = _xml as IXmlLineInfo;
            var line = info?.LineNumber ?? 0;
            var pos = info?.LinePosition ?? 0;
            return new VOTableFormatException(line > 0 ? $"{message} (line {line}, position {pos})." : message + ".", line, pos);
        }

        private T Guard<T>(Func<T> read)
        {
            try { return read(); }
            catch (XmlException ex) { throw new VOTableFormatException("The VOTable is malformed or truncated: " + ex.Message, ex.LineNumber, ex.LinePosition, ex); }
            catch (OverflowException ex) { throw new VOTableFormatException("A value is out of range for its datatype: " + ex.Message, ex); }
            catch (InvalidCastException ex) { throw new VOTableFormatException("A value does not fit its datatype: " + ex.Message, ex); }
        }

        private void Guard(Action read) => Guard(() => { read(); return true; });

        public void Dispose() => _xml.Dispose();
    }
}
