using System;
using System.IO;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// Between the document and the XmlReader: passes the bytes through, but ends a read just after the '&gt;' of what may be
    /// a TABLEDATA or STREAM start tag (a short read). When the XmlReader then reports that element without having asked for
    /// more, it holds no byte of its content, and <see cref="TableDataScanner"/> (the rows) or <see cref="Base64Scanner"/>
    /// (the base64 text) can read it from here instead; where they stop, they give the bytes from there on back
    /// (<see cref="GiveBack"/>) and the XmlReader reads on as if it had never stopped.
    /// </summary>
    /// <remarks>
    /// A candidate in a comment or CDATA, or an attribute value, only means the XmlReader asks for more and the gate passes
    /// on: the stop is a hint, <see cref="StoppedAtCandidate"/> is checked when the XmlReader is on TABLEDATA or STREAM.
    /// </remarks>
    internal sealed class TableDataGate : IO.ForwardReadStream
    {
        private enum State { Text, Name, Attributes, Quoted }

        private static readonly byte[] TableData = { (byte)'T', (byte)'A', (byte)'B', (byte)'L', (byte)'E', (byte)'D', (byte)'A', (byte)'T', (byte)'A' };
        private static readonly byte[] StreamName = { (byte)'S', (byte)'T', (byte)'R', (byte)'E', (byte)'A', (byte)'M' };
        private static readonly byte[] Tr = { (byte)'T', (byte)'R' };

        // The local names stopped after: TABLEDATA (its rows for TableDataScanner) and STREAM (its base64 for Base64Scanner);
        // no two start with the same byte, so the first byte of a name picks the one it may be.
        private byte[][] _names = { TableData, StreamName };
        private byte[]? _name;       // Name: the one of _names the name so far may be
        private bool _endTag;        // watching for an end tag (</TR>), not a start tag
        private bool _first;         // Name: the byte after '<' comes next

        private readonly Stream _inner;
        private byte[] _pending = Array.Empty<byte>();   // read from the inner stream (or given back), not passed on yet
        private int _pendingAt, _pendingEnd;
        private bool _watching = true;
        private State _state = State.Text;
        private int _match;          // bytes of that name matched since '<' or the last ':'
        private bool _matching;
        private byte _quote;
        private byte _last;          // the last byte of the tag other than whitespace: '/' before '>' is an empty element
        private int _breaks;         // line breaks in the candidate tag, and characters since the last one (or since '<')
        private int _chars;
        private byte _previous;

        public TableDataGate(Stream inner) => _inner = inner;

        /// <summary>The last read ended at the '&gt;' of a candidate tag, and nothing was read since.</summary>
        public bool StoppedAtCandidate { get; private set; }

        /// <summary>Line breaks inside the candidate tag the gate stopped at.</summary>
        public int TagBreaks { get; private set; }

        /// <summary>Characters of that tag after its last line break (from its '&lt;' when it has none).</summary>
        public int TagCharsAfterBreak { get; private set; }

        /// <summary>No more candidates: from here the bytes pass as they are (the scanner reads them, or the XmlReader the rest).</summary>
        public void StopWatching() => _watching = false;

        /// <summary>
        /// From here, stops after what may be a &lt;/TR&gt; (any prefix): where the XmlReader, having read a row the scanner
        /// left to it, can leave the next rows to the scanner again.
        /// </summary>
        public void WatchRowEnds()
        {
            _names = new[] { Tr };
            _endTag = true;
            _state = State.Text;
            _watching = true;
        }

        /// <summary>Bytes read from here that the XmlReader is to read next, before anything else.</summary>
        public void GiveBack(byte[] buffer, int offset, int count)
        {
            var rest = _pendingEnd - _pendingAt;
            var merged = new byte[count + rest];
            Buffer.BlockCopy(buffer, offset, merged, 0, count);
            Buffer.BlockCopy(_pending, _pendingAt, merged, count, rest);
            _pending = merged;
            _pendingAt = 0;
            _pendingEnd = merged.Length;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            StoppedAtCandidate = false;
            if (count == 0) return 0;
            int n;
            if (_pendingAt < _pendingEnd)
            {
                n = Math.Min(count, _pendingEnd - _pendingAt);
                Buffer.BlockCopy(_pending, _pendingAt, buffer, offset, n);
                _pendingAt += n;
                if (_pendingAt == _pendingEnd) { _pending = Array.Empty<byte>(); _pendingAt = _pendingEnd = 0; }
            }
            else n = _inner.Read(buffer, offset, count);
            if (!_watching || n <= 0) return n;
            var stop = Scan(buffer, offset, n);
            if (stop < 0) return n;
            // keep what follows the candidate's '>' for the next read (or the scanner)
            var rest = n - stop;
            if (rest > 0)
            {
                var kept = new byte[rest + _pendingEnd - _pendingAt];
                Buffer.BlockCopy(buffer, offset + stop, kept, 0, rest);
                Buffer.BlockCopy(_pending, _pendingAt, kept, rest, _pendingEnd - _pendingAt);
                _pending = kept;
                _pendingAt = 0;
                _pendingEnd = kept.Length;
            }
            StoppedAtCandidate = true;
            return stop;
        }

        /// <summary>Watches the bytes passed on; the count to pass when a candidate tag ends in them, else -1.</summary>
        private int Scan(byte[] b, int offset, int count)
        {
            var end = offset + count;
            for (var i = offset; i < end; i++)
            {
                var c = b[i];
                switch (_state)
                {
                    case State.Text:
                    {
                        var lt = Array.IndexOf(b, (byte)'<', i, end - i);
                        if (lt < 0) return -1;
                        i = lt;
                        _state = State.Name;
                        _match = 0;
                        _matching = true;
                        _first = true;
                        _breaks = 0;
                        _chars = 1;
                        _previous = (byte)'<';
                        continue;
                    }
                    case State.Name:
                        Count(c);
                        if (_first)
                        {
                            _first = false;
                            if (_endTag)
                            {
                                if (c == (byte)'/') continue;
                                _matching = false;
                            }
                        }
                        if (c == (byte)'>' || c == (byte)'/' || c == (byte)' ' || c == (byte)'\t' || c == (byte)'\n' || c == (byte)'\r')
                        {
                            var candidate = _matching && _name != null && _match == _name.Length;
                            if (!candidate || c == (byte)'/') { _state = State.Text; continue; }
                            if (c == (byte)'>') { _state = State.Text; return Stop(i, offset); }
                            _state = State.Attributes;
                            _last = c;
                            continue;
                        }
                        if (c == (byte)'<') { _state = State.Text; i--; continue; } // not a tag: watch this '<'
                        if (c == (byte)':') { _match = 0; _matching = true; continue; }
                        if (_matching && _match == 0) _name = Named(c);
                        if (_matching && _name != null && _match < _name.Length && c == _name[_match]) _match++;
                        else _matching = false;
                        continue;
                    case State.Attributes:
                        if (c == (byte)'<') { _state = State.Text; i--; continue; }
                        Count(c);
                        if (c == (byte)'>')
                        {
                            _state = State.Text;
                            if (_last == (byte)'/') continue; // <TABLEDATA a="1"/>: empty, nothing to take over
                            return Stop(i, offset);
                        }
                        if (c == (byte)'"' || c == (byte)'\'') { _quote = c; _state = State.Quoted; }
                        if (c != (byte)' ' && c != (byte)'\t' && c != (byte)'\n' && c != (byte)'\r') _last = c;
                        continue;
                    default: // Quoted
                        // '<' is never in a well-formed attribute value: whatever this was, every '<' can start the real tag
                        if (c == (byte)'<') { _state = State.Text; i--; continue; }
                        Count(c);
                        if (c == _quote) { _state = State.Attributes; _last = c; }
                        continue;
                }
            }
            return -1;
        }

        private byte[]? Named(byte first)
        {
            foreach (var name in _names)
                if (name[0] == first) return name;
            return null;
        }

        private int Stop(int at, int offset)
        {
            TagBreaks = _breaks;
            TagCharsAfterBreak = _chars;
            return at + 1 - offset;
        }

        // Lines and characters as the XmlReader counts them: CR LF, CR and LF are one line break; a UTF-8 sequence is one
        // character (two for one beyond U+FFFF, a surrogate pair).
        private void Count(byte c)
        {
            if (c == (byte)'\n')
            {
                if (_previous != (byte)'\r') _breaks++;
                _chars = 0;
            }
            else if (c == (byte)'\r') { _breaks++; _chars = 0; }
            else if ((c & 0xC0) != 0x80) _chars += c >= 0xF0 ? 2 : 1;
            _previous = c;
        }
    }
}
