using System;
using System.Text;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// Reads TABLEDATA rows straight from the UTF-8 bytes (through <see cref="TableDataGate"/>), instead of about 35
    /// XmlReader nodes a row. It takes only what it is sure of: whitespace between tags, &lt;TR&gt; and &lt;TD&gt; without
    /// attributes (with the TABLEDATA's prefix), &lt;TD/&gt;, text with the predefined entities and character references.
    /// Anything else (a comment, CDATA, an attribute, another element, a value its FIELD refuses, malformed or truncated
    /// input, a row larger than the buffer) is <see cref="Step.Handover"/>: the bytes from the start of that row go back
    /// to the XmlReader, which reads the rest of the table as before, errors and limits included.
    /// </summary>
    internal sealed class TableDataScanner
    {
        public enum Step { Row, End, Handover }

        private enum Parse { Row, End, Handover, More }

        private const int FirstBuffer = 64 * 1024;
        // A row needing more than this is left to the XmlReader, which reads it in pieces (a 100 MB cell is refused there).
        private const int MaxBuffer = 1 << 20;

        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);
        private static readonly object Missing = new object();

        private readonly TableDataGate _gate;
        private readonly FieldCodec[] _codecs;
        private readonly VOTableLimits _limits;
        private readonly byte[] _tr, _td;   // the element names, with the TABLEDATA's prefix
        private byte[] _buf = new byte[FirstBuffer];
        private int _start, _end;           // the unread bytes: _start is where the next row (or the end) begins
        private int _at;                    // Parse: where the row parsed ends, or where </TABLEDATA> starts
        // In a row that needed more bytes: where to look for its end tag in the next ones. Until one comes the row is not
        // parsed again, so a row arriving a byte at a time costs its length, not its length squared.
        private int _resume = -1;
        private bool _longTag;              // EndTagFrom: an end tag with more whitespace than it waits for
        private bool _rowBegun;             // TryRow: More came after the row's start tag
        private bool _rowOther;             // TryRow: the row has bytes beyond ASCII (else its characters are its bytes)
        private StringBuilder? _text;

        public TableDataScanner(TableDataGate gate, FieldCodec[] codecs, VOTableLimits limits, string prefix)
        {
            _gate = gate;
            _codecs = codecs;
            _limits = limits;
            var p = prefix.Length > 0 ? prefix + ":" : "";
            _tr = Encoding.UTF8.GetBytes(p + "TR");
            _td = Encoding.UTF8.GetBytes(p + "TD");
        }

        /// <summary>Line breaks in the bytes taken (rows and the whitespace around them).</summary>
        public int Breaks { get; private set; }

        /// <summary>Characters taken after the last line break (all of them when there was none).</summary>
        public int Column { get; private set; }

        /// <summary>
        /// The next row; or End (the bytes from &lt;/ on were given back) or Handover (the bytes from the row's start were given
        /// back): the XmlReader reads on from there.
        /// </summary>
        public Step Next(out object?[]? row)
        {
            while (true)
            {
                _longTag = false;
                if (_resume >= 0 && !EndTagFrom(_resume))
                {
                    if (!Fill()) { GiveBack(_start); row = null; return Step.Handover; }
                    continue;
                }
                _resume = -1;
                switch (TryRow(out row))
                {
                    case Parse.Row:
                        if (_rowOther) Taken(_start, _at);
                        else TakenAscii(_start, _at);
                        _start = _at;
                        return Step.Row;
                    case Parse.End:
                        Taken(_start, _at);
                        GiveBack(_at);
                        return Step.End;
                    case Parse.Handover:
                        GiveBack(_start);
                        return Step.Handover;
                }
                if (_rowBegun && _longTag) { GiveBack(_start); return Step.Handover; } // the XmlReader reads tags of any length
                if (_rowBegun) _resume = _start;
                else
                {
                    // whitespace before a row not there yet: taken, so that it is not skipped again (but not a CR that
                    // may be the first half of a CR LF: the XmlReader would count the LF as a line of its own)
                    var to = _at > _start && _buf[_at - 1] == (byte)'\r' ? _at - 1 : _at;
                    if (to > _start)
                    {
                        Taken(_start, to);
                        _start = to;
                    }
                }
                if (!Fill()) { GiveBack(_start); row = null; return Step.Handover; }
            }
        }

        /// <summary>
        /// True when the bytes from <paramref name="from"/> on may end the row: a whole &lt;/TR&gt; (any tag starting so, in
        /// fact, and one with much whitespace before its '&gt;'). Otherwise sets where to look again when more have come
        /// (a parse finds no end when this finds none: a row's parse only ever runs out of bytes before its end tag).
        /// </summary>
        private bool EndTagFrom(int from)
        {
            var b = _buf;
            var tr = _tr;
            var end = _end;
            for (var i = Array.IndexOf(b, (byte)'<', from, end - from); i >= 0; i = Array.IndexOf(b, (byte)'<', i + 1, end - i - 1))
            {
                if (i + 2 + tr.Length >= end) { _resume = i; return false; } // "</TR" and one byte more not there yet
                if (b[i + 1] != (byte)'/' || !Is(i + 2, tr)) continue;
                var j = i + 2 + tr.Length;
                while (j < end && j < i + 64 && Space(b[j])) j++;
                if (j == end) { _resume = i; return false; }
                _longTag = j == i + 64 && Space(b[j]);
                return true;
            }
            _resume = end;
            return false;
        }

        private void GiveBack(int from)
        {
            _gate.GiveBack(_buf, from, _end - from);
            _start = _end = 0;
        }

        /// <summary>More bytes after those held (one read: what has arrived). False at the end of the input or when a row outgrows the buffer.</summary>
        private bool Fill()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
                _end -= _start;
                if (_resume >= 0) _resume -= _start;
                _start = 0;
            }
            if (_end == _buf.Length)
            {
                if (_buf.Length >= MaxBuffer) return false;
                Array.Resize(ref _buf, _buf.Length * 2);
            }
            var n = _gate.Read(_buf, _end, _buf.Length - _end);
            if (n <= 0) return false;
            _end += n;
            return true;
        }

        /// <summary>Counts the line breaks and characters of bytes taken, as the XmlReader would, for positions after a handover.</summary>
        private void Taken(int from, int to)
        {
            var b = _buf;
            var lf = Array.IndexOf(b, (byte)'\n', from, to - from);
            var cr = Array.IndexOf(b, (byte)'\r', from, to - from);
            if (lf < 0 && cr < 0)
            {
                Column += Chars(from, to);
                return;
            }
            var last = from;
            // a range never ends between CR and LF (rows end with '>', whitespace taken never ends with CR)
            for (var i = Math.Min(lf < 0 ? int.MaxValue : lf, cr < 0 ? int.MaxValue : cr); i < to; i++)
            {
                if (b[i] == (byte)'\r' || (b[i] == (byte)'\n' && (i == from || b[i - 1] != (byte)'\r'))) Breaks++;
                if (b[i] == (byte)'\r' || b[i] == (byte)'\n') last = i + 1;
            }
            Column = Chars(last, to);
        }

        private void TakenAscii(int from, int to)
        {
            if (Array.IndexOf(_buf, (byte)'\n', from, to - from) < 0 && Array.IndexOf(_buf, (byte)'\r', from, to - from) < 0) Column += to - from;
            else Taken(from, to);
        }

        private int Chars(int from, int to)
        {
            var n = 0;
            for (var i = from; i < to; i++)
            {
                var c = _buf[i];
                if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
            }
            return n;
        }

        private static bool Space(byte c) => c == (byte)' ' || c == (byte)'\n' || c == (byte)'\t' || c == (byte)'\r';

        /// <summary>True when the bytes at <paramref name="i"/> are <paramref name="name"/> (the caller has checked they are there).</summary>
        private bool Is(int i, byte[] name)
        {
            for (var k = 0; k < name.Length; k++)
                if (_buf[i + k] != name[k]) return false;
            return true;
        }

        private const int More = -2, Other = -1;

        /// <summary>
        /// At <paramref name="i"/>, after '&lt;' (or '&lt;/'): <paramref name="name"/>, whitespace, then '&gt;' or '/&gt;' (that
        /// is <paramref name="empty"/>). Where the tag ends; More when the bytes held end first; Other for anything else
        /// (attributes, another name).
        /// </summary>
        private int Tag(int i, byte[] name, bool endTag, out bool empty)
        {
            empty = false;
            var b = _buf;
            var end = _end;
            if (i + name.Length >= end) return More;
            if (!Is(i, name)) return Other;
            i += name.Length;
            var afterName = i;
            while (i < end && Space(b[i])) i++;
            if (i >= end) return More;
            if (b[i] == (byte)'>') return i + 1;
            if (endTag) return Other;
            if (b[i] != (byte)'/')
            {
                if (i == afterName) return Other; // <TDX>: another element
                i = Attributes(i);
                if (i < 0) return i;
                if (b[i] == (byte)'>') return i + 1;
            }
            if (i + 1 >= end) return More;
            empty = true;
            return b[i + 1] == (byte)'>' ? i + 2 : Other;
        }

        private static readonly byte[] Xmlns = Encoding.ASCII.GetBytes("xmlns");
        private readonly int[] _attributeAt = new int[8], _attributeLength = new int[8];

        private static bool NameByte(byte c) => (c >= (byte)'a' && c <= (byte)'z') || (c >= (byte)'A' && c <= (byte)'Z') || c == (byte)'_'
                                                 || (c >= (byte)'0' && c <= (byte)'9') || c == (byte)'-' || c == (byte)'.';

        /// <summary>
        /// Attributes of a TR or TD (which the rows do not use, but the XmlReader checks): at most 8, ASCII names without a
        /// prefix (namespaces are the XmlReader's), each once, values of ASCII without '&lt;' or '&amp;'. Where the tag goes
        /// on ('&gt;' or '/'), More, or Other for anything else.
        /// </summary>
        private int Attributes(int i)
        {
            var b = _buf;
            var end = _end;
            var count = 0;
            while (true)
            {
                var c = b[i];
                if (!NameByte(c) || c == (byte)'-' || c == (byte)'.' || (c >= (byte)'0' && c <= (byte)'9')) return Other;
                var name = i;
                while (i < end && NameByte(b[i])) i++;
                if (i >= end) return More;
                var length = i - name;
                if (b[i] == (byte)':' || (length == Xmlns.Length && Is(name, Xmlns)) || count == _attributeAt.Length) return Other;
                for (var k = 0; k < count; k++)
                {
                    if (_attributeLength[k] != length) continue;
                    var same = true;
                    for (var m = 0; m < length && same; m++) same = b[_attributeAt[k] + m] == b[name + m];
                    if (same) return Other; // the XmlReader's error: an attribute twice
                }
                _attributeAt[count] = name;
                _attributeLength[count++] = length;
                while (i < end && Space(b[i])) i++;
                if (i >= end) return More;
                if (b[i++] != (byte)'=') return Other;
                while (i < end && Space(b[i])) i++;
                if (i >= end) return More;
                var quote = b[i++];
                if (quote != (byte)'"' && quote != (byte)'\'') return Other;
                while (true)
                {
                    if (i >= end) return More;
                    c = b[i];
                    if (c == quote) break;
                    if (c == (byte)'<' || c == (byte)'&' || c >= 0x80 || (c < 0x20 && c != (byte)'\t' && c != (byte)'\n' && c != (byte)'\r')) return Other;
                    i++;
                }
                var separator = ++i;
                while (i < end && Space(b[i])) i++;
                if (i >= end) return More;
                if (b[i] == (byte)'>' || b[i] == (byte)'/') return i;
                if (i == separator) return Other; // attributes are apart
            }
        }

        private Parse TryRow(out object?[]? row)
        {
            row = null;
            _rowBegun = false;
            _rowOther = false;
            var b = _buf;
            var end = _end;
            var i = _start;
            while (i < end && Space(b[i])) i++;
            _at = i;
            if (i + 1 >= end) return Parse.More;
            if (b[i] != (byte)'<') return Parse.Handover;
            if (b[i + 1] == (byte)'/') { _at = i; return Parse.End; }
            var tr = _tr;
            i = Tag(i + 1, tr, false, out var emptyRow);
            if (i == More) return Parse.More;
            if (i == Other || emptyRow) return Parse.Handover; // <TR/>, attributes, another element
            _rowBegun = true;
            var codecs = _codecs;
            var cells = new object?[codecs.Length];
            var td = _td;
            var n = 0;
            long size = 0;
            while (true)
            {
                while (i < end && Space(b[i])) i++;
                if (i + 1 >= end) return Parse.More;
                if (b[i] != (byte)'<') return Parse.Handover;
                if (b[i + 1] == (byte)'/')
                {
                    i = Tag(i + 2, tr, true, out _);
                    if (i == More) return Parse.More;
                    if (i == Other) return Parse.Handover;
                    if (n != cells.Length) return Parse.Handover; // the XmlReader says how many cells for how many fields
                    _at = i;
                    row = cells;
                    return Parse.Row;
                }
                i = Tag(i + 1, td, false, out var emptyCell);
                if (i == More) return Parse.More;
                if (i == Other) return Parse.Handover;
                string text;
                if (emptyCell) text = string.Empty;
                else
                {
                    var from = i;
                    var special = false;   // '&' or CR: not the bytes as they are
                    var other = false;     // beyond ASCII
                    var blank = true;      // whitespace only
                    while (true)
                    {
                        if (i >= end) return Parse.More;
                        var c = b[i];
                        if (c == (byte)'<') break;
                        if (c < 0x20)
                        {
                            if (c == (byte)'\r') special = true;
                            else if (c != (byte)'\n' && c != (byte)'\t') return Parse.Handover; // not an XML character
                        }
                        else
                        {
                            if (c != (byte)' ') blank = false;
                            if (c >= 0x80) other = _rowOther = true;
                            else if (c == (byte)'&') special = true;
                            else if (c == (byte)']')
                            {
                                if (i + 2 >= end) return Parse.More;
                                if (b[i + 1] == (byte)']' && b[i + 2] == (byte)'>') return Parse.Handover; // "]]>" is not allowed in text
                            }
                        }
                        i++;
                    }
                    var to = i;
                    if (i + 1 >= end) return Parse.More;
                    if (b[i + 1] != (byte)'/') return Parse.Handover;
                    i = Tag(i + 2, td, true, out _);
                    if (i == More) return Parse.More;
                    if (i == Other) return Parse.Handover;
                    if (blank) text = string.Empty; // whitespace alone is no text node for the XmlReader (IgnoreWhitespace)
                    else if (!special && !other && n < cells.Length)
                    {
                        // numbers, booleans, timestamps: from the bytes, without a string
                        object? value;
                        try
                        {
                            if (!codecs[n].TryFromUtf8(b, from, to - from, out value)) value = Missing;
                        }
                        catch (Exception ex) when (ex is OverflowException || ex is InvalidCastException || ex is FormatException)
                        {
                            return Parse.Handover;
                        }
                        if (!ReferenceEquals(value, Missing))
                        {
                            size += to - from;
                            if (size > _limits.MaxRowSize) return Parse.Handover;
                            cells[n++] = value;
                            continue;
                        }
                        text = Encoding.ASCII.GetString(b, from, to - from);
                    }
                    else
                    {
                        var t = special ? Decode(from, to) : Utf8(from, to, other);
                        if (t is null) return Parse.Handover;
                        text = t;
                    }
                }
                if (n >= cells.Length) return Parse.Handover;
                size += text.Length;
                if (text.Length > _limits.MaxCellChars || size > _limits.MaxRowSize) return Parse.Handover;
                try { cells[n] = codecs[n].FromText(text); }
                catch (Exception ex) when (ex is VOTableFormatException || ex is OverflowException || ex is InvalidCastException
                                           || ex is FormatException || ex is IndexOutOfRangeException)
                {
                    return Parse.Handover; // the XmlReader's path reports it, where it is
                }
                n++;
            }
        }

        /// <summary>Text without entities or CR: the bytes decoded (null when they are not UTF-8 or not XML characters).</summary>
        private string? Utf8(int from, int to, bool other)
        {
            if (!other) return Encoding.ASCII.GetString(_buf, from, to - from);
            string s;
            try { s = Strict.GetString(_buf, from, to - from); }
            catch (DecoderFallbackException) { return null; }
            return s.IndexOf('\uFFFE') >= 0 || s.IndexOf('\uFFFF') >= 0 ? null : s;
        }

        /// <summary>Text with entities, character references or CRs, as the XmlReader gives it; null for anything else.</summary>
        private string? Decode(int from, int to)
        {
            var sb = _text ??= new StringBuilder();
            sb.Clear();
            var b = _buf;
            var run = from;
            for (var i = from; i < to; i++)
            {
                var c = b[i];
                if (c != (byte)'&' && c != (byte)'\r') continue;
                if (!Append(sb, run, i)) return null;
                if (c == (byte)'\r')
                {
                    // CR LF and CR are LF in XML text
                    sb.Append('\n');
                    if (i + 1 < to && b[i + 1] == (byte)'\n') i++;
                    run = i + 1;
                    continue;
                }
                var semi = Array.IndexOf(b, (byte)';', i + 1, Math.Min(to - i - 1, 12));
                if (semi < 0) return null;
                if (b[i + 1] == (byte)'#')
                {
                    var code = CharRef(i + 2, semi);
                    if (code < 0) return null;
                    if (code > 0xFFFF) sb.Append(char.ConvertFromUtf32(code));
                    else sb.Append((char)code);
                }
                else
                {
                    char e;
                    var len = semi - i - 1;
                    if (len == 3 && b[i + 1] == (byte)'a' && b[i + 2] == (byte)'m' && b[i + 3] == (byte)'p') e = '&';
                    else if (len == 2 && b[i + 1] == (byte)'l' && b[i + 2] == (byte)'t') e = '<';
                    else if (len == 2 && b[i + 1] == (byte)'g' && b[i + 2] == (byte)'t') e = '>';
                    else if (len == 4 && b[i + 1] == (byte)'q' && b[i + 2] == (byte)'u' && b[i + 3] == (byte)'o' && b[i + 4] == (byte)'t') e = '"';
                    else if (len == 4 && b[i + 1] == (byte)'a' && b[i + 2] == (byte)'p' && b[i + 3] == (byte)'o' && b[i + 4] == (byte)'s') e = '\'';
                    else return null;
                    sb.Append(e);
                }
                i = semi;
                run = i + 1;
            }
            if (!Append(sb, run, to)) return null;
            var s = sb.ToString();
            if (sb.Capacity > 64 * 1024) _text = null;
            // only whitespace, some of it referenced: whether that is a text node or none is the XmlReader's to say
            return IsBlank(s) ? null : s;
        }

        private static bool IsBlank(string s)
        {
            foreach (var c in s)
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
            return true;
        }

        private bool Append(StringBuilder sb, int from, int to)
        {
            if (to == from) return true;
            var other = false;
            for (var i = from; i < to && !other; i++) other = _buf[i] >= 0x80;
            var s = Utf8(from, to, other);
            if (s is null) return false;
            sb.Append(s);
            return true;
        }

        /// <summary>The code point of "#65" or "#x41" (between '&amp;' and ';'), or -1 when it is not one of an XML character.</summary>
        private int CharRef(int from, int to)
        {
            var b = _buf;
            long v = 0;
            if (from < to && b[from] == (byte)'x')
            {
                if (++from == to) return -1;
                for (var i = from; i < to; i++)
                {
                    var c = b[i];
                    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                    if (d < 0) return -1;
                    v = v * 16 + d;
                    if (v > 0x10FFFF) return -1;
                }
            }
            else
            {
                if (from == to) return -1;
                for (var i = from; i < to; i++)
                {
                    var c = b[i];
                    if (c < '0' || c > '9') return -1;
                    v = v * 10 + (c - '0');
                    if (v > 0x10FFFF) return -1;
                }
            }
            var x = (int)v;
            var ok = x == 0x9 || x == 0xA || x == 0xD || (x >= 0x20 && x <= 0xD7FF) || (x >= 0xE000 && x <= 0xFFFD) || x >= 0x10000;
            return ok ? x : -1;
        }
    }
}
