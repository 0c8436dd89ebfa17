using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Xml;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// Reads a VOTable as it arrives (XmlReader, never a DOM): the metadata up to the data first, then one
    /// row per <see cref="ReadRow"/>. TABLEDATA, BINARY and BINARY2 (base64 STREAM, decoded incrementally).
    /// </summary>
    /// <remarks>
    /// The table read is the first TABLE in a RESOURCE of type "results" (the default type of a RESOURCE),
    /// i.e. the first one outside the "meta" resources of service descriptors. When there is none and the
    /// stream can seek, the first TABLE of the document is read instead.
    /// INFOs are collected before the table and, once <see cref="ReadRow"/> has returned null, after it
    /// (services put QUERY_STATUS=OVERFLOW or ERROR after the rows). DTDs are refused, nothing is resolved,
    /// and <see cref="Dispose"/> leaves the stream open.
    /// The TABLEDATA rows of a UTF-8 document are read from its bytes (<see cref="TableDataScanner"/>, about 2.3 times
    /// faster); a row it does not take is read by the XmlReader, as every row was before.
    /// </remarks>
    public sealed class VOTableReader : IDisposable
    {
        private enum Mode { Header, TableData, Binary, Binary2, Trailer, Done }

        private readonly Stream _stream;
        private readonly VOTableLimits _limits;
        private char[]? _chunk;
        private readonly long _start;
        private XmlReader _xml;
        private readonly List<VOTableField> _fields = new List<VOTableField>();
        private FieldCodec[] _codecs = Array.Empty<FieldCodec>();
        private readonly List<VOTableInfo> _infos = new List<VOTableInfo>();
        private readonly List<VOTableParam> _params = new List<VOTableParam>();
        private readonly List<ServiceDescriptor> _services = new List<ServiceDescriptor>();
        // One entry per open RESOURCE: true when it (or an enclosing one) is type="meta".
        private readonly Stack<bool> _resources = new Stack<bool>();
        private Mode _mode = Mode.Header;
        private BinarySource? _binary;
        private byte[]? _nullFlags;
        private int _tableDepth = -1;
        private bool _anyTable;          // the first TABLE of the document (any resource), for the fallback
        private bool _fallback;          // second pass: take the first TABLE even in a meta RESOURCE
        private bool _keysAssigned;
        // TABLEDATA rows and base64 from the bytes (TableDataScanner, Base64Scanner) while they can; the XmlReader from where they stop
        private readonly bool _fast;
        private readonly HeadRecorder _head;
        private TableDataGate _gate;
        private TableDataScanner? _scanner;
        // Where the XmlReader's count of lines stands at the scanner's start, and what the scanner took: positions after it
        // hands over are the XmlReader's plus those.
        // Each time the scanner hands over: where the XmlReader's count stood (its line and position when the scanner began)
        // and the line breaks and characters the scanner took, which the XmlReader never saw.
        private readonly List<(int Line, int Position, int Breaks, int Column)> _taken = new List<(int, int, int, int)>();
        private int _scanLine, _scanPos;
        private bool _resumable;           // the scanner handed a row over: it may take the rows after that one again

        private VOTableReader(Stream stream, long start, TableDataGate gate, VOTableLimits limits, bool fast, HeadRecorder head)
        {
            _limits = limits;
            _stream = stream;
            _start = start;
            _gate = gate;
            _xml = CreateXml(gate, limits);
            _fast = fast;
            _head = head;
        }

        /// <summary>True when the document has a table with at least one FIELD (the FIELDs are in <see cref="Fields"/>).</summary>
        public bool HasTable { get; private set; }

        /// <summary>Where the table's TABLE element starts in the document (line, position): how a copy of the document finds it again.</summary>
        internal (int Line, int Position) TableAt { get; private set; }

        /// <summary>The FIELDs of the table, in column order; each row has one value per field.</summary>
        public IReadOnlyList<VOTableField> Fields => _fields;

        /// <summary>The INFOs read so far: those before the data, then (after the last row) those after it.</summary>
        public IReadOnlyList<VOTableInfo> Infos => _infos;

        /// <summary>The PARAMs of the results RESOURCE(s) and of the TABLE (not those of "meta" resources).</summary>
        public IReadOnlyList<VOTableParam> Params => _params;

        /// <summary>The service descriptors (DataLink's adhoc:service resources) read so far: those after the rows are known once <see cref="ReadRow"/> returned null.</summary>
        public IReadOnlyList<ServiceDescriptor> ServiceDescriptors => _services;

        /// <summary>
        /// The value of the last INFO name="QUERY_STATUS" read so far outside "meta" resources (OK, ERROR, OVERFLOW):
        /// one after the rows overrides one before them, and is known once <see cref="ReadRow"/> returned null.
        /// </summary>
        public string? QueryStatus { get; private set; }

        /// <summary>That INFO's text, trimmed (its value when it has no text).</summary>
        public string? QueryStatusMessage { get; private set; }

        /// <summary>
        /// Reads the document up to the first row of its table (or to its end when it has no table).
        /// Throws <see cref="VOTableFormatException"/> when the input is not a VOTable or is malformed.
        /// </summary>
        /// <remarks>What it holds of the document is bounded (a cell, an attribute, an INFO's text, the metadata kept):
        /// beyond, it throws <see cref="Errors.CadcException"/> ResponseTooLarge.</remarks>
        public static VOTableReader Open(Stream stream) => Open(stream, VOTableLimits.Default);

        internal static VOTableReader Open(Stream stream, VOTableLimits limits) => Open(stream, limits, true);

        /// <param name="fast">False: TABLEDATA rows and base64 through the XmlReader only (what the scanners are compared with).</param>
        internal static VOTableReader Open(Stream stream, VOTableLimits limits, bool fast)
        {
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            long start = -1;
            try { if (stream.CanSeek) start = stream.Position; } catch (NotSupportedException) { }
            // Keep what the parser reads first, for error messages, instead of reading ahead: a service
            // that sends its first row and then pauses must not hold that row back.
            var head = new HeadRecorder(stream, 512);
            var reader = new VOTableReader(stream, start, new TableDataGate(head), limits, fast, head);
            try
            {
                reader.ReadHeader(head);
                return reader;
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }

        // The markup limit is between the gate and the XmlReader: the bytes the scanners take (rows, base64, which they bound
        // themselves) pass it by, and those they give back pass it once, in the order the XmlReader reads them.
        private static XmlReader CreateXml(TableDataGate gate, VOTableLimits limits) => XmlReader.Create(new MarkupLimitStream(gate, limits.MaxMarkupBytes), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        });

        // ------------------------------------------------------------------ header

        private void ReadHeader(HeadRecorder head)
        {
            try
            {
                if (_xml.MoveToContent() != XmlNodeType.Element)
                    throw Error("Not a VOTable: the document has no root element");
                if (_xml.LocalName != "VOTABLE")
                    throw Error($"Not a VOTable: the document is <{_xml.Name}>" + (_xml.LocalName.Equals("html", StringComparison.OrdinalIgnoreCase) ? " (a web page)" : ""));
            }
            catch (XmlException) when (head.Total == 0)
            {
                throw new VOTableFormatException("Not a VOTable: the document is empty.");
            }
            catch (XmlException ex) when (head.Text().IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw new VOTableFormatException("The document has a DTD (<!DOCTYPE>), which is refused: " + ex.Message, ex.LineNumber, ex.LinePosition, ex);
            }
            catch (XmlException ex)
            {
                throw new VOTableFormatException("Not a VOTable: the document is not XML (it starts with \"" + Snippet(head) + "\"): " + ex.Message,
                    ex.LineNumber, ex.LinePosition, ex);
            }
            Guard(() =>
            {
                if (_xml.IsEmptyElement) { _mode = Mode.Done; return; }
                ScanHeader();
                if (_mode == Mode.Done && !HasTable && _anyTable && _start >= 0)
                {
                    // no TABLE in a results RESOURCE: read the first TABLE of the document instead
                    _xml.Dispose();
                    _stream.Position = _start;
                    _gate = new TableDataGate(_stream);
                    _xml = CreateXml(_gate, _limits);
                    _infos.Clear(); _params.Clear(); _services.Clear(); _resources.Clear(); _fields.Clear();
                    _codecs = Array.Empty<FieldCodec>();
                    _keysAssigned = false;
                    _kept = 0;
                    QueryStatus = QueryStatusMessage = null;
                    _fallback = true;
                    _mode = Mode.Header;
                    _xml.MoveToContent();
                    ScanHeader();
                }
                AssignKeys();
            });
        }

        /// <summary>From the root to the start of the data (mode TableData/Binary/Binary2), to after the table, or to the end.</summary>
        private void ScanHeader()
        {
            while (_xml.Read())
            {
                var type = _xml.NodeType;
                if (type == XmlNodeType.EndElement)
                {
                    if (_xml.LocalName == "RESOURCE" && _resources.Count > 0) _resources.Pop();
                    else if (HasTable && _xml.Depth == _tableDepth) { EndTable(); return; } // a TABLE without DATA
                    continue;
                }
                if (type != XmlNodeType.Element) continue;
                var depth = _xml.Depth;
                switch (_xml.LocalName)
                {
                    case "RESOURCE":
                        StartResource();
                        break;
                    case "INFO":
                        ReadInfo();
                        break;
                    case "PARAM":
                        if (!InMeta || (HasTable && depth == _tableDepth + 1)) ReadParam();
                        else Skip();
                        break;
                    case "TABLE":
                        if (HasTable || (InMeta && !_fallback)) { _anyTable = true; Skip(); break; }
                        HasTable = true;
                        _tableDepth = depth;
                        if (_xml is IXmlLineInfo at && at.HasLineInfo()) TableAt = (at.LineNumber, at.LinePosition);
                        if (_xml.IsEmptyElement) { EndTable(); return; }
                        break;
                    case "FIELD":
                        if (HasTable && depth == _tableDepth + 1) ReadField();
                        else Skip();
                        break;
                    case "DATA":
                        if (!HasTable || depth != _tableDepth + 1) { Skip(); break; }
                        if (_xml.IsEmptyElement || _fields.Count == 0) { EndTable(); return; }
                        BuildCodecs();
                        if (OpenData()) return;
                        EndTable();
                        return;
                    default:
                        // DESCRIPTION, GROUP, LINK, COOSYS, TIMESYS, DEFINITIONS, anything unknown
                        Skip();
                        break;
                }
            }
            _mode = Mode.Done;
        }

        private bool InMeta => _resources.Count > 0 && _resources.Peek();

        private void EndTable()
        {
            NoColumnsNoTable();
            BuildCodecs();
            _mode = Mode.Trailer;
        }

        // A TABLE without FIELDs has nothing to show: it counts as no table (its empty rows are skipped).
        private void NoColumnsNoTable()
        {
            if (_fields.Count == 0) HasTable = false;
        }

        private void BuildCodecs()
        {
            AssignKeys();
            if (_codecs.Length == _fields.Count) return;
            _codecs = new FieldCodec[_fields.Count];
            for (var i = 0; i < _codecs.Length; i++) _codecs[i] = _fields[i].Codec;
        }

        /// <summary>On DATA: finds its serialization. True when rows follow; false when the data is empty.</summary>
        private bool OpenData()
        {
            var dataDepth = _xml.Depth;
            while (_xml.Read())
            {
                if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == dataDepth) return false;
                if (_xml.NodeType != XmlNodeType.Element) continue;
                switch (_xml.LocalName)
                {
                    case "TABLEDATA":
                        if (_xml.IsEmptyElement) { SkipToEndOf(dataDepth); return false; }
                        _mode = Mode.TableData;
                        StartScanner();
                        return true;
                    case "BINARY":
                    case "BINARY2":
                        var binary2 = _xml.LocalName == "BINARY2";
                        if (!OpenStream()) { SkipToEndOf(dataDepth); return false; }
                        _mode = binary2 ? Mode.Binary2 : Mode.Binary;
                        if (binary2) _nullFlags = new byte[(_codecs.Length + 7) / 8];
                        return true;
                    case "FITS":
                        throw Error("FITS-serialized VOTable data is not supported");
                    default:
                        Skip(); // INFO after the data
                        break;
                }
            }
            throw Error("The document ends inside DATA");
        }

        private void SkipToEndOf(int depth)
        {
            if (_xml.Depth == depth && (_xml.NodeType == XmlNodeType.EndElement || _xml.IsEmptyElement)) return;
            while (_xml.Read() && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth)) { }
        }

        /// <summary>
        /// On TABLEDATA: the rows are the scanner's when the XmlReader holds none of their bytes (the gate stopped it at this
        /// tag's end) and the document is UTF-8, the only encoding the scanner reads.
        /// </summary>
        private void StartScanner()
        {
            if (!_fast || !_gate.StoppedAtCandidate || !_head.IsUtf8()) return;
            if (!(_xml is IXmlLineInfo info) || !info.HasLineInfo()) return;
            Scan(info, 1);
        }

        /// <summary>The scanner reads on from the gate; the XmlReader's count stands at the end of its node (a tag the gate stopped after).</summary>
        private void Scan(IXmlLineInfo info, int before)
        {
            _gate.StopWatching();
            (_scanLine, _scanPos) = AfterTag(info, before);
            _scanner = new TableDataScanner(_gate, _codecs, _limits, _xml.Prefix);
        }

        /// <summary>Where the tag the gate stopped after ends, in the XmlReader's count: from the node's position, its name's ('&lt;' or '&lt;/' is <paramref name="before"/> it).</summary>
        private (int Line, int Position) AfterTag(IXmlLineInfo info, int before)
            => (info.LineNumber + _gate.TagBreaks,
                _gate.TagBreaks == 0 ? info.LinePosition - before + _gate.TagCharsAfterBreak : _gate.TagCharsAfterBreak + 1);

        /// <summary>A position the XmlReader gives, in the document: after the scanner handed over, the XmlReader never saw the bytes it took.</summary>
        private (int Line, int Position) Where(int line, int position)
        {
            if (line <= 0) return (line, position);
            // the last scan first: the places of the earlier ones, before it, are the same in both counts
            for (var k = _taken.Count - 1; k >= 0; k--)
            {
                var t = _taken[k];
                if (line < t.Line || (line == t.Line && position < t.Position)) continue;
                if (line > t.Line) { line += t.Breaks; continue; }
                var column = t.Breaks == 0 ? t.Position + t.Column : t.Column + 1;
                line += t.Breaks;
                position = column + position - t.Position;
            }
            return (line, position);
        }

        /// <summary>Rows read by the scanner (the others, by the XmlReader): how the tests know which read them.</summary>
        internal long ScannedRows { get; private set; }

        /// <summary>BINARY bytes decoded from the document's bytes (the others, by the XmlReader).</summary>
        internal long ScannedBinaryBytes => _base64?.Decoded ?? 0;

        private Base64Scanner? _base64;

        /// <summary>On BINARY/BINARY2: positions on the STREAM's base64 text. False when the stream is empty.</summary>
        private bool OpenStream()
        {
            if (_xml.IsEmptyElement) return false;
            var depth = _xml.Depth;
            while (_xml.Read() && _xml.NodeType != XmlNodeType.Element)
            {
                if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth) throw Error("BINARY data without a STREAM");
            }
            if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "STREAM") throw Error("BINARY data without a STREAM");
            var href = _xml.GetAttribute("href");
            if (!string.IsNullOrEmpty(href)) throw Error($"STREAM href=\"{href}\" (data outside the document) is not supported");
            var encoding = _xml.GetAttribute("encoding");
            if (encoding != null && !encoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
                throw Error($"STREAM encoding \"{encoding}\" is not supported (only base64 is)");
            if (_xml.IsEmptyElement) { _gate.StopWatching(); return false; }
            Base64Text text = new XmlBase64Text(_xml, true, (said, ex) =>
            {
                var (line, position) = Where(ex.LineNumber, ex.LinePosition);
                return new VOTableFormatException(said + Shifted(ex.Message), line, position, ex);
            });
            // The base64 from the bytes when the XmlReader holds none of them (the gate stopped it at this tag's end) and
            // the document is UTF-8; the XmlReader decodes from where the scanner stops (the end tag, or anything odd).
            if (_fast && _gate.StoppedAtCandidate && _head.IsUtf8() && _xml is IXmlLineInfo info && info.HasLineInfo())
            {
                var at = AfterTag(info, 1);
                text = _base64 = new Base64Scanner(_gate, text, at, (breaks, column) => _taken.Add((at.Line, at.Position, breaks, column)));
            }
            _gate.StopWatching(); // base64 has no tags to look out for
            _binary = new BinarySource(text, _limits.MaxBinaryCellBytes);
            return true;
        }

        // ------------------------------------------------------------------ rows

        /// <summary>
        /// The next row (one value per field, null for a null cell), or null after the last row, by which time
        /// the rest of the document has been read (trailing INFOs and QUERY_STATUS are known).
        /// A truncated or corrupt row throws <see cref="VOTableFormatException"/>; a partial row is never returned.
        /// </summary>
        public object?[]? ReadRow()
        {
            if (_mode == Mode.Done) return null;
            return Guard(() =>
            {
                object?[]? row = null;
                switch (_mode)
                {
                    case Mode.TableData: row = ReadTableDataRow(); break;
                    case Mode.Binary:
                    case Mode.Binary2: row = ReadBinaryRow(); break;
                }
                if (row != null) return row;
                ReadTrailer();
                return null;
            });
        }

        private object?[]? ReadTableDataRow()
        {
            if (_scanner != null)
            {
                var step = _scanner.Next(out var fast);
                if (step == TableDataScanner.Step.Row) { ScannedRows++; return fast; }
                // the XmlReader reads on from the bytes given back: the end of the table, or a row the scanner leaves to it
                _taken.Add((_scanLine, _scanPos, _scanner.Breaks, _scanner.Column));
                _scanner = null;
                _resumable = step == TableDataScanner.Step.Handover;
                if (_resumable) _gate.WatchRowEnds();
            }
            var xml = _xml;
            while (true)
            {
                if (!xml.Read()) throw Error("The document ends inside TABLEDATA (truncated)");
                var type = xml.NodeType;
                if (type == XmlNodeType.Element)
                {
                    if (xml.LocalName == "TR") break;
                    Skip();
                }
                else if (type == XmlNodeType.EndElement)
                {
                    _mode = Mode.Trailer;
                    return null; // </TABLEDATA>
                }
            }
            var codecs = _codecs;
            var row = new object?[codecs.Length];
            var cells = 0;
            long size = 0;
            if (!xml.IsEmptyElement)
            {
                var trDepth = xml.Depth;
                while (true)
                {
                    if (!xml.Read()) throw Error("The document ends inside a row (truncated)");
                    var type = xml.NodeType;
                    if (type == XmlNodeType.EndElement)
                    {
                        if (xml.Depth == trDepth) break;
                        continue;
                    }
                    if (type != XmlNodeType.Element) continue;
                    if (xml.LocalName != "TD") { Skip(); continue; }
                    var text = CellText();
                    size += text.Length;
                    if (size > _limits.MaxRowSize) throw IO.ServerText.TooLarge("a row (TR)", $"{_limits.MaxRowSize:N0} characters");
                    if (cells < row.Length) row[cells] = codecs[cells].FromText(text);
                    cells++;
                }
            }
            if (cells != row.Length) throw Error($"A row has {cells} cells for {row.Length} fields");
            // the gate stopped the XmlReader at this </TR>: the rows after it are the scanner's again
            if (_resumable && _gate.StoppedAtCandidate && xml.NodeType == XmlNodeType.EndElement && xml is IXmlLineInfo at && at.HasLineInfo())
                Scan(at, 2);
            return row;
        }

        /// <summary>On a TD: its text (at most MaxCellChars, read in chunks), leaving the reader on its end element.</summary>
        private string CellText()
        {
            var xml = _xml;
            if (xml.IsEmptyElement) return string.Empty;
            var depth = xml.Depth;
            if (!xml.Read()) throw Error("The document ends inside a cell (truncated)");
            if (xml.NodeType == XmlNodeType.EndElement) return string.Empty;
            var text = _cell ??= new StringBuilder();
            text.Clear();
            if (xml.NodeType == XmlNodeType.Text && xml.CanReadValueChunk)
            {
                // The usual cell, one short text: straight from the chunk to its string, without the builder.
                var chunk = _chunk ??= new char[8192];
                var n = xml.ReadValueChunk(chunk, 0, chunk.Length);
                int more;
                while (n < chunk.Length && (more = xml.ReadValueChunk(chunk, n, chunk.Length - n)) > 0) n += more;
                if (n > _limits.MaxCellChars) throw IO.ServerText.TooLarge("a table cell (TD)", $"{_limits.MaxCellChars:N0} characters");
                if (n < chunk.Length) // the whole text
                {
                    if (!xml.Read()) throw Error("The document ends inside a cell (truncated)");
                    if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) return new string(chunk, 0, n);
                    text.Append(chunk, 0, n); // more nodes follow (a comment, an entity...): on as below
                }
                else
                {
                    text.Append(chunk, 0, n);
                    IO.ServerText.AppendValue(xml, text, ref _chunk, _limits.MaxCellChars, "a table cell (TD)");
                    if (!xml.Read()) throw Error("The document ends inside a cell (truncated)");
                }
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) return Taken(text);
            }
            do
            {
                switch (xml.NodeType)
                {
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        IO.ServerText.AppendValue(xml, text, ref _chunk, _limits.MaxCellChars, "a table cell (TD)");
                        break;
                    case XmlNodeType.Element:
                        Skip();
                        break;
                }
                if (!xml.Read()) throw Error("The document ends inside a cell (truncated)");
            }
            while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth));
            return Taken(text);
        }

        private string Taken(StringBuilder text)
        {
            var s = text.ToString();
            if (text.Capacity > 64 * 1024) _cell = null; // do not keep a large cell's buffer for the next rows
            return s;
        }

        private StringBuilder? _cell;

        private object?[]? ReadBinaryRow()
        {
            var src = _binary!;
            if (src.AtEnd) { _mode = Mode.Trailer; return null; }
            var codecs = _codecs;
            var row = new object?[codecs.Length];
            var flags = _nullFlags;
            var start = src.Position;
            if (flags != null)
            {
                src.Need(flags.Length);
                src.Read(flags);
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = codecs[i].FromBinary(src, (flags[i >> 3] & (0x80 >> (i & 7))) != 0, false);
                    if (src.Position - start > _limits.MaxRowSize) throw RowTooLarge();
                }
            }
            else
            {
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = codecs[i].FromBinary(src, false, true);
                    if (src.Position - start > _limits.MaxRowSize) throw RowTooLarge();
                }
            }
            // Every FIELD of arraysize "0": rows of no bytes, as many as one likes from any data. Not a table.
            if (src.Position == start)
                throw Error("The BINARY rows take no bytes (every FIELD has arraysize \"0\"), so the data cannot be read as rows");
            return row;
        }

        private Errors.CadcException RowTooLarge() => IO.ServerText.TooLarge("a BINARY row", $"{_limits.MaxRowSize:N0} bytes");

        /// <summary>Reads to the end of the document, collecting the INFOs after the table (QUERY_STATUS after the rows).</summary>
        private void ReadTrailer()
        {
            while (_xml.Read())
            {
                if (_xml.NodeType == XmlNodeType.EndElement)
                {
                    if (_xml.LocalName == "RESOURCE" && _resources.Count > 0) _resources.Pop();
                    continue;
                }
                if (_xml.NodeType != XmlNodeType.Element) continue;
                switch (_xml.LocalName)
                {
                    case "RESOURCE":
                        StartResource();
                        break;
                    case "INFO":
                        ReadInfo();
                        break;
                    default:
                        Skip(); // other tables, service descriptors' PARAMs and GROUPs, ...
                        break;
                }
            }
            if (!_xml.EOF) throw Error("The document is truncated");
            _mode = Mode.Done;
        }

        // ------------------------------------------------------------------ metadata elements

        private void ReadInfo()
        {
            var name = _xml.GetAttribute("name") ?? "";
            var value = _xml.GetAttribute("value");
            var id = _xml.GetAttribute("ID");
            var content = ElementText();
            Keep();
            _infos.Add(new VOTableInfo(name, value, content, id));
            if (string.Equals(name, "QUERY_STATUS", StringComparison.OrdinalIgnoreCase) && !InMeta)
            {
                QueryStatus = value?.Trim();
                QueryStatusMessage = string.IsNullOrWhiteSpace(content) ? value : content!.Trim();
            }
        }

        /// <summary>On an element: its text content (null when there is none, at most MaxTextChars), leaving the reader on its end element.</summary>
        private string? ElementText()
        {
            try { return IO.ServerText.ElementText(_xml, _limits.MaxTextChars, $"the text of a {_xml.LocalName}"); }
            catch (XmlException) when (_xml.EOF) { throw Error("The document is truncated"); }
        }

        /// <summary>One more FIELD, PARAM, INFO or service descriptor kept: at most MaxElements in all.</summary>
        private void Keep()
        {
            if (++_kept > _limits.MaxElements)
                throw IO.ServerText.TooLarge("more FIELDs, PARAMs and INFOs", $"{_limits.MaxElements:N0} in all");
        }

        private int _kept;

        /// <summary>A service descriptor is read whole; any other RESOURCE is entered, remembering whether it is meta.</summary>
        private void StartResource()
        {
            if (IsServiceDescriptor()) ReadServiceDescriptor();
            else if (!_xml.IsEmptyElement)
                _resources.Push(InMeta || string.Equals(_xml.GetAttribute("type"), "meta", StringComparison.OrdinalIgnoreCase));
        }

        private bool IsServiceDescriptor()
            => !_fallback && string.Equals(_xml.GetAttribute("type"), "meta", StringComparison.OrdinalIgnoreCase)
               && string.Equals(_xml.GetAttribute("utype"), "adhoc:service", StringComparison.OrdinalIgnoreCase);

        private void ReadServiceDescriptor()
        {
            var id = _xml.GetAttribute("ID");
            var name = _xml.GetAttribute("name");
            string? description = null;
            var own = new List<VOTableParam>();
            var inputs = new List<VOTableParam>();
            ReadChildren(() =>
            {
                switch (_xml.LocalName)
                {
                    case "PARAM": own.Add(ParamHere()); break;
                    case "DESCRIPTION": description = ElementText()?.Trim(); break;
                    case "GROUP" when _xml.GetAttribute("name") == "inputParams":
                        ReadChildren(() => { if (_xml.LocalName == "PARAM") inputs.Add(ParamHere()); else Skip(); });
                        break;
                    default: Skip(); break;
                }
            });
            Keep();
            _services.Add(new ServiceDescriptor(id, name, description, own, inputs));
        }

        private void ReadParam() => _params.Add(ParamHere());

        private VOTableParam ParamHere()
        {
            Keep();
            var name = _xml.GetAttribute("name") ?? "";
            var value = _xml.GetAttribute("value");
            var datatype = _xml.GetAttribute("datatype") ?? "char";
            var arraysize = _xml.GetAttribute("arraysize");
            var xtype = _xml.GetAttribute("xtype");
            var ucd = _xml.GetAttribute("ucd");
            var utype = _xml.GetAttribute("utype");
            var @ref = _xml.GetAttribute("ref");
            var unit = _xml.GetAttribute("unit");
            var id = _xml.GetAttribute("ID");
            string? description = null;
            ReadChildren(() => { if (_xml.LocalName == "DESCRIPTION") description = ElementText()?.Trim(); else Skip(); });
            return new VOTableParam(name, value, datatype, arraysize, xtype, ucd, utype, @ref, description, unit, id);
        }

        private void ReadField()
        {
            Keep();
            // A FIELD without a name (or with name="") is keyed by its ID or position (AssignKeys); Name stays as sent.
            var name = _xml.GetAttribute("name") ?? "";
            var datatype = _xml.GetAttribute("datatype");
            if (string.IsNullOrEmpty(datatype)) datatype = "char";
            var arraysize = _xml.GetAttribute("arraysize");
            var xtype = _xml.GetAttribute("xtype");
            var id = _xml.GetAttribute("ID");
            var unit = _xml.GetAttribute("unit");
            var ucd = _xml.GetAttribute("ucd");
            var utype = _xml.GetAttribute("utype");
            string? description = null, nullValue = null;
            ReadChildren(() =>
            {
                if (_xml.LocalName == "DESCRIPTION") description = ElementText()?.Trim();
                else
                {
                    if (_xml.LocalName == "VALUES") nullValue = _xml.GetAttribute("null");
                    Skip();
                }
            });
            FieldCodec codec;
            var label = name.Trim().Length > 0 ? name : id ?? "#" + (_fields.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            try { codec = new FieldCodec(label, datatype!, arraysize, xtype, nullValue); }
            catch (VOTableFormatException ex) { throw Error(ex.Message.TrimEnd('.')); }
            _fields.Add(new VOTableField(name, name, id, datatype!, arraysize, xtype, unit, ucd, utype, description, nullValue, codec));
        }

        /// <summary>On an element: calls <paramref name="child"/> on each child element (which must leave the reader on that child's last node).</summary>
        private void ReadChildren(Action child)
        {
            if (_xml.IsEmptyElement) return;
            var depth = _xml.Depth;
            while (_xml.Read())
            {
                if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth) return;
                if (_xml.NodeType == XmlNodeType.Element) child();
            }
            throw Error("The document is truncated");
        }

        /// <summary>
        /// The names PowerShell gives every object (PSObject's intrinsic members): a property of that name could never be
        /// read, so a column named so is keyed with a trailing "_" (psbase_).
        /// </summary>
        internal static readonly string[] ReservedKeys = { "PSObject", "PSTypeNames", "psbase", "psadapted", "psextended" };

        /// <summary>
        /// Keys for the FIELDs, once all are known (documented in about_CadcPS, "Column names"): unique case-insensitively (as
        /// PowerShell finds properties), and no generated key takes the name of a real column, even a later one.
        /// The first column of each name keeps it; a FIELD without a name is its ID, else col_N (N its 1-based position); a
        /// reserved name gets "_"; any other duplicate takes the first free of name_2, name_3... (free: no column's name, no key given).
        /// obsID, obsID, OBSID -> obsID, obsID_2, OBSID_3; a, A, a_2 -> a, A_3, a_2.
        /// </summary>
        private void AssignKeys()
        {
            if (_keysAssigned) return;
            _keysAssigned = true;
            var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var first = new bool[_fields.Count];
            for (var i = 0; i < _fields.Count; i++)
            {
                var name = _fields[i].Name;
                first[i] = name.Trim().Length > 0 && !IsReserved(name) && taken.Add(name);
            }
            for (var i = 0; i < _fields.Count; i++)
            {
                if (first[i]) { _fields[i].Key = _fields[i].Name; continue; }
                var name = _fields[i].Name;
                string wanted;
                if (name.Trim().Length == 0)
                {
                    var id = _fields[i].Id;
                    wanted = id != null && id.Trim().Length > 0 && !IsReserved(id) ? id : "col_" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                else wanted = IsReserved(name) ? name + "_" : name;
                var key = wanted;
                for (var n = 2; !taken.Add(key); n++) key = wanted + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                _fields[i].Key = key;
            }
        }

        private static bool IsReserved(string name)
        {
            foreach (var r in ReservedKeys)
                if (string.Equals(name, r, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        /// <summary>On an element: skips its content, leaving the reader on its end element (or on it, when empty).</summary>
        private void Skip()
        {
            if (_xml.IsEmptyElement) return;
            var depth = _xml.Depth;
            while (_xml.Read())
                if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth) return;
            throw Error("The document is truncated");
        }

        // ------------------------------------------------------------------ errors

        private VOTableFormatException Error(string message)
        {
            var info = _xml as IXmlLineInfo;
            var (line, pos) = info != null && info.HasLineInfo() ? Where(info.LineNumber, info.LinePosition) : (0, 0);
            return new VOTableFormatException(line > 0 ? $"{message} (line {line}, position {pos})." : message + ".", line, pos);
        }

        private static string Snippet(HeadRecorder head)
        {
            var text = head.Text().TrimStart('\uFEFF');
            var sb = new StringBuilder();
            foreach (var c in text.Length > 60 ? text.Substring(0, 60) : text) sb.Append(char.IsControl(c) ? ' ' : c);
            return sb.ToString().Trim() + (text.Length > 60 ? "…" : "");
        }

        private T Guard<T>(Func<T> read)
        {
            try { return read(); }
            catch (XmlException ex)
            {
                _mode = Mode.Done;
                var (line, pos) = Where(ex.LineNumber, ex.LinePosition);
                throw new VOTableFormatException("The VOTable is malformed or truncated: " + Shifted(ex.Message), line, pos, ex);
            }
            catch (VOTableFormatException ex) when (ex.LineNumber == 0 && _mode == Mode.TableData)
            {
                _mode = Mode.Done;
                throw Error(ex.Message.TrimEnd('.')); // a bad cell: say where
            }
            catch (VOTableFormatException)
            {
                _mode = Mode.Done;
                throw;
            }
            catch (Errors.CadcException)
            {
                _mode = Mode.Done; // ResponseTooLarge (or the stream's own error): nothing more is read
                throw;
            }
            catch (Exception ex) when (ex is OverflowException || ex is InvalidCastException || ex is FormatException || ex is IndexOutOfRangeException)
            {
                _mode = Mode.Done;
                throw Error("A value does not fit its FIELD: " + ex.Message);
            }
        }

        /// <summary>An XmlReader message with the positions it gives ("Line 3, position 7.", "start tag on line 3 position 2") as the document's.</summary>
        private string Shifted(string message) => _taken.Count == 0 ? message : Positions.Replace(message, m =>
        {
            var at = Where(int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture));
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}{1}{2}{3}", m.Groups[1].Value, at.Line, m.Groups[3].Value, at.Position);
        });

        private static readonly System.Text.RegularExpressions.Regex Positions =
            new System.Text.RegularExpressions.Regex(@"\b([Ll]ine )(\d+)(,? position )(\d+)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private void Guard(Action read) => Guard(() => { read(); return true; });

        /// <summary>Releases the XML reader. The stream given to <see cref="Open"/> is left open.</summary>
        public void Dispose()
        {
            _mode = Mode.Done;
            _xml.Dispose();
        }

        /// <summary>Passes reads through and keeps a copy of the first bytes, which error messages quote.</summary>
        private sealed class HeadRecorder : IO.ForwardReadStream
        {
            private readonly Stream _inner;
            private readonly byte[] _head;
            private int _kept;

            public HeadRecorder(Stream inner, int keep) { _inner = inner; _head = new byte[keep]; }

            /// <summary>Bytes read through so far (at most the kept length is remembered).</summary>
            public long Total { get; private set; }

            public string Text() => Encoding.UTF8.GetString(_head, 0, _kept);

            /// <summary>
            /// True when the first bytes say UTF-8 (a UTF-8 BOM, an XML declaration of encoding UTF-8, or one without an
            /// encoding, or none at all): what the scanner of TABLEDATA reads. The XmlReader reads every other encoding.
            /// </summary>
            public bool IsUtf8()
            {
                var h = _head;
                var n = _kept;
                var i = 0;
                if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) i = 3;
                if (n - i < 2 || h[i] == 0 || h[i + 1] == 0 || h[i] >= 0x80) return false; // UTF-16 or -32, or not XML anyway
                var text = Encoding.ASCII.GetString(h, i, n - i);
                if (!text.StartsWith("<?xml", StringComparison.Ordinal) || text.Length < 6 || !char.IsWhiteSpace(text[5])) return true;
                var close = text.IndexOf("?>", StringComparison.Ordinal);
                if (close < 0) return false;
                var declaration = text.Substring(0, close);
                var at = declaration.IndexOf("encoding", StringComparison.Ordinal);
                if (at < 0) return true;
                var rest = declaration.Substring(at + 8).TrimStart();
                if (rest.Length == 0 || rest[0] != '=') return false;
                rest = rest.Substring(1).TrimStart();
                if (rest.Length < 2 || (rest[0] != '"' && rest[0] != '\'')) return false;
                var end = rest.IndexOf(rest[0], 1);
                if (end < 0) return false;
                var name = rest.Substring(1, end - 1);
                return name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase);
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = _inner.Read(buffer, offset, count);
                if (_kept < _head.Length && n > 0)
                {
                    var k = Math.Min(n, _head.Length - _kept);
                    Buffer.BlockCopy(buffer, offset, _head, _kept, k);
                    _kept += k;
                }
                Total += n;
                return n;
            }
        }
    }
}
