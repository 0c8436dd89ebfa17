using System;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// The base64 text of a STREAM decoded straight from the UTF-8 bytes (through <see cref="TableDataGate"/>), instead of
    /// through the XmlReader's text nodes and decoder. It takes base64 characters, padding and XML whitespace; at anything
    /// else (the STREAM's end tag, an entity, a comment, CDATA, a bad character, the end of the input) the bytes from the
    /// start of that group of four characters go back to the XmlReader, which decodes the rest of the text as before,
    /// errors included.
    /// </summary>
    /// <remarks>
    /// Padding is its own: XML Schema's base64Binary has '=' only in the last group, and the XmlReader's decoder reads on
    /// after one or not depending on where its buffer happens to end. Here base64 after the padding is an error, at its place.
    /// </remarks>
    internal sealed class Base64Scanner : Base64Text
    {
        private const sbyte Space = -1, Pad = -2, Other = -3;
        private static readonly sbyte[] Values = BuildValues();

        private readonly TableDataGate _gate;
        private readonly Base64Text _then;
        private readonly (int Line, int Position) _at;
        private readonly Action<int, int> _handedOver;
        private byte[] _raw = new byte[64 * 1024];
        private int _start, _end;     // the bytes not taken: _start is at a group of four (or whitespace before one)
        private bool _stopped;        // the byte at _start is none of base64's: the XmlReader's from there
        private bool _padded;         // the last group had padding: only whitespace may follow
        private bool _done;           // handed over: the XmlReader reads the rest
        private int _breaks, _column; // line breaks taken, and characters after the last one (all, when none)
        private VOTableFormatException? _error; // at _start

        /// <param name="then">The XmlReader's decoding of the text, on the STREAM element, for the bytes given back.</param>
        /// <param name="at">Where the text starts in the document (line, position): for the errors found here.</param>
        /// <param name="handedOver">Told the line breaks and the characters after the last one (all, when none) taken, on the handover.</param>
        public Base64Scanner(TableDataGate gate, Base64Text then, (int Line, int Position) at, Action<int, int> handedOver)
        {
            _gate = gate;
            _then = then;
            _at = at;
            _handedOver = handedOver;
        }

        /// <summary>Bytes decoded here (the rest, by the XmlReader): how the tests know which read them.</summary>
        public long Decoded { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_done) return Then(buffer, offset, count);
            if (count < 3) return ReadFew(buffer, offset, count);
            while (true)
            {
                var n = _padded ? AfterPadding() : Decode(buffer, offset, count);
                Decoded += n;
                if (n > 0) return n;
                if (_error != null) throw _error; // once the bytes before it are out: the rows before it are whole
                if (_stopped || !Fill())
                {
                    HandOver();
                    return Then(buffer, offset, count);
                }
            }
        }

        private int Then(byte[] buffer, int offset, int count)
        {
            var n = _then.Read(buffer, offset, count);
            // after the padding, the rest of the text is to hold no data: an entity or CDATA of base64 is refused too
            if (n > 0 && _padded) throw NotBase64("data after the padding ('=') that ends it", _breaks, _column);
            return n;
        }

        private readonly byte[] _few = new byte[3];
        private int _fewAt, _fewEnd;

        // A read of one or two bytes (never asked by BinarySource, whose reads are of kilobytes): from a group decoded aside.
        private int ReadFew(byte[] buffer, int offset, int count)
        {
            if (_fewAt == _fewEnd)
            {
                _fewAt = 0;
                _fewEnd = Read(_few, 0, 3);
                if (_fewEnd == 0) return 0;
            }
            var n = Math.Min(count, _fewEnd - _fewAt);
            Buffer.BlockCopy(_few, _fewAt, buffer, offset, n);
            _fewAt += n;
            return n;
        }

        /// <summary>Decodes whole groups of four from the bytes held, at most <paramref name="count"/> bytes; stops at a byte not base64's (<see cref="_stopped"/>).</summary>
        private int Decode(byte[] o, int offset, int count)
        {
            var b = _raw;
            var v = Values;
            var p = _start;
            var end = _end;
            var at = offset;
            var last = offset + count - 3;
            var column = _column;
            while (at <= last)
            {
                if (p + 4 <= end)
                {
                    int a = v[b[p]], c1 = v[b[p + 1]], c2 = v[b[p + 2]], c3 = v[b[p + 3]];
                    if ((a | c1 | c2 | c3) >= 0)
                    {
                        var q = a << 18 | c1 << 12 | c2 << 6 | c3;
                        o[at] = (byte)(q >> 16);
                        o[at + 1] = (byte)(q >> 8);
                        o[at + 2] = (byte)q;
                        at += 3;
                        p += 4;
                        column += 4;
                        continue;
                    }
                }
                // a group across whitespace, with padding, or at the end of what is held: taken once it is whole
                int k = 0, pads = 0, value = 0, i = p, breaks = _breaks, col = column;
                while (k < 4 && i < end)
                {
                    var c = b[i];
                    var x = v[c];
                    if (x >= 0)
                    {
                        if (pads > 0) { _error = NotBase64("data after the padding ('=') that ends it", breaks, col); k = -1; break; }
                        value = value << 6 | (byte)x;
                        k++;
                        i++;
                        col++;
                        continue;
                    }
                    if (x == Pad)
                    {
                        if (k < 2) { _error = NotBase64("'=' where a group of four has no padding", breaks, col); k = -1; break; }
                        value <<= 6;
                        pads++;
                        k++;
                        i++;
                        col++;
                        continue;
                    }
                    if (x == Other) { _stopped = true; break; }
                    if (!TakeSpace(b, ref i, end, ref breaks, ref col)) break;
                    if (k == 0) { p = i; _breaks = breaks; column = col; } // whitespace before a group: taken
                }
                if (k < 4) break; // -1: an error, when the bytes before are out
                o[at] = (byte)(value >> 16);
                if (pads < 2) o[at + 1] = (byte)(value >> 8);
                if (pads < 1) o[at + 2] = (byte)value;
                at += 3 - pads;
                p = i;
                _breaks = breaks;
                column = col;
                if (pads > 0) { _padded = true; break; }
            }
            _start = p;
            _column = column;
            return at - offset;
        }

        /// <summary>After the padding: takes whitespace up to the end tag (or whatever the XmlReader is to read); 0 bytes.</summary>
        private int AfterPadding()
        {
            var b = _raw;
            var i = _start;
            while (i < _end)
            {
                var c = b[i];
                var x = Values[c];
                if (x == Other) { _stopped = true; break; }
                if (x != Space) { _error = NotBase64("data after the padding ('=') that ends it", _breaks, _column); break; }
                if (!TakeSpace(b, ref i, _end, ref _breaks, ref _column)) break;
            }
            _start = i;
            return 0;
        }

        /// <summary>
        /// Takes the whitespace at <paramref name="i"/>, counting line breaks and characters as the XmlReader does (CR LF is
        /// one break). False for a CR last in what is held: it is taken only with the byte after it in view.
        /// </summary>
        private static bool TakeSpace(byte[] b, ref int i, int end, ref int breaks, ref int column)
        {
            var c = b[i];
            if (c == (byte)'\r')
            {
                if (i + 1 == end) return false;
                i += b[i + 1] == (byte)'\n' ? 2 : 1;
                breaks++;
                column = 0;
            }
            else if (c == (byte)'\n') { i++; breaks++; column = 0; }
            else { i++; column++; } // space, tab
            return true;
        }

        /// <summary>The error for the byte after <paramref name="breaks"/> line breaks and <paramref name="column"/> characters taken.</summary>
        private VOTableFormatException NotBase64(string what, int breaks, int column)
        {
            var line = _at.Line + breaks;
            var position = breaks == 0 ? _at.Position + column : column + 1;
            return new VOTableFormatException(
                string.Format(System.Globalization.CultureInfo.InvariantCulture, "The binary data is not valid base64: {0} (line {1}, position {2}).", what, line, position),
                line, position);
        }

        /// <summary>More bytes after those held. False at the end of the input, or when a group's whitespace fills the buffer.</summary>
        private bool Fill()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_raw, _start, _raw, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _raw.Length) return false;
            var n = _gate.Read(_raw, _end, _raw.Length - _end);
            if (n <= 0) return false;
            _end += n;
            return true;
        }

        private void HandOver()
        {
            _done = true;
            _gate.GiveBack(_raw, _start, _end - _start);
            _raw = Array.Empty<byte>();
            _start = _end = 0;
            _handedOver(_breaks, _column);
        }

        private static sbyte[] BuildValues()
        {
            var t = new sbyte[256];
            for (var i = 0; i < t.Length; i++) t[i] = Other;
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (var i = 0; i < alphabet.Length; i++) t[alphabet[i]] = (sbyte)i;
            t[' '] = t['\t'] = t['\n'] = t['\r'] = Space;
            t['='] = Pad;
            return t;
        }
    }
}
