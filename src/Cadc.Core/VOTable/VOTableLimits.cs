using System;
using System.IO;
using Cadc.Core.IO;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// How much of a VOTable's text the reader holds at once (documented in about_CadcPS_Errors, ResponseTooLarge). The
    /// rows stream, so a result of any size reads; these bound the pieces a broken or hostile service could make
    /// endless: one cell, one attribute, one INFO's text, and the count of the metadata elements kept.
    /// </summary>
    internal sealed class VOTableLimits
    {
        public static readonly VOTableLimits Default = new VOTableLimits();

        /// <summary>A TD's text, in characters (16 Mi: a polygon of a million vertices is 40 MB less).</summary>
        public int MaxCellChars { get; set; } = 16 << 20;

        /// <summary>A BINARY/BINARY2 cell, in bytes (a count prefix claiming more is refused before anything is allocated).</summary>
        public int MaxBinaryCellBytes { get; set; } = 64 << 20;

        /// <summary>All the cells of one row, in bytes (BINARY) or characters (TABLEDATA): a row is held whole.</summary>
        public long MaxRowSize { get; set; } = 64L << 20;

        /// <summary>The text of an INFO, DESCRIPTION or other element kept (QUERY_STATUS messages, Java stack traces included).</summary>
        public int MaxTextChars { get; set; } = 1 << 20;

        /// <summary>One tag with its attributes, one comment or processing instruction, in bytes.</summary>
        public int MaxMarkupBytes { get; set; } = 4 << 20;

        /// <summary>FIELDs, PARAMs, INFOs and service descriptors kept, together.</summary>
        public int MaxElements { get; set; } = 100_000;
    }

    /// <summary>
    /// Passes a document's bytes through, refusing markup (from '&lt;' to its end) longer than a bound: XmlReader holds a
    /// whole start tag with its attributes, so a 1 GB attribute would be read into memory before anything could refuse it.
    /// Text between tags is not bounded here (BINARY streams are long text); the reader bounds what it keeps of it.
    /// </summary>
    internal sealed class MarkupLimitStream : ForwardReadStream
    {
        private enum State { Text, Open, Tag, Quoted, Special }

        private readonly Stream _inner;
        private readonly int _max;
        private State _state = State.Text;
        private byte _quote;
        private long _length;          // bytes of the current markup
        private int _special;          // Special: bytes of the terminator matched so far
        private byte[] _end = Array.Empty<byte>();
        private int _lookahead;        // Open: bytes seen after '<', to tell a comment, CDATA or PI

        public MarkupLimitStream(Stream inner, int max)
        {
            _inner = inner;
            _max = max;
        }

        private static readonly byte[] CommentEnd = { (byte)'-', (byte)'-', (byte)'>' };
        private static readonly byte[] CDataEnd = { (byte)']', (byte)']', (byte)'>' };
        private static readonly byte[] PiEnd = { (byte)'?', (byte)'>' };

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _inner.Read(buffer, offset, count);
            Scan(buffer, offset, n);
            return n;
        }

        private void Scan(byte[] b, int offset, int count)
        {
            var end = offset + count;
            var i = offset;
            while (i < end)
            {
                switch (_state)
                {
                    case State.Text:
                    {
                        var lt = Array.IndexOf(b, (byte)'<', i, end - i);
                        if (lt < 0) return;
                        _state = State.Open;
                        _length = 1;
                        _lookahead = 0;
                        i = lt + 1;
                        break;
                    }
                    case State.Tag:
                    {
                        // to the tag's end or a quote, in one pass (most of a TABLEDATA document is short tags)
                        var j = i;
                        while (j < end && b[j] != (byte)'>' && b[j] != (byte)'"' && b[j] != (byte)'\'') j++;
                        Grow(j - i + (j < end ? 1 : 0));
                        if (j == end) return;
                        if (b[j] == (byte)'>') _state = State.Text;
                        else { _quote = b[j]; _state = State.Quoted; }
                        i = j + 1;
                        break;
                    }
                    case State.Quoted:
                    {
                        var q = Array.IndexOf(b, _quote, i, end - i);
                        Grow((q < 0 ? end : q + 1) - i);
                        if (q < 0) return;
                        _state = State.Tag;
                        i = q + 1;
                        break;
                    }
                    case State.Open:
                    {
                        // "<!--", "<![CDATA[", "<?": ended by their own terminators (which '>' inside them is not)
                        var c = b[i];
                        _lookahead++;
                        if (_lookahead == 1 && c == (byte)'?') { Grow(1); Special(PiEnd); i++; break; }
                        if (_lookahead == 1 && c == (byte)'!') { Grow(1); i++; break; }
                        if (_lookahead == 2 && c == (byte)'-') { Grow(1); Special(CommentEnd); i++; break; }
                        if (_lookahead == 2 && c == (byte)'[') { Grow(1); Special(CDataEnd); _cdata = true; i++; break; }
                        _state = State.Tag; // this byte is the tag's: read again as such
                        break;
                    }
                    default: // Special
                    {
                        var c = b[i++];
                        // CDATA is text (a cell's, bounded by the reader): only its opening is markup
                        if (!_cdata) Grow(1);
                        if (c == _end[_special]) { if (++_special == _end.Length) { _state = State.Text; _cdata = false; } }
                        else if (c != _end[0]) _special = 0; // "]]]>", "--->", "??>": the match so far still stands
                        break;
                    }
                }
            }
        }

        private void Grow(long bytes)
        {
            _length += bytes;
            if (_length > _max) throw ServerText.TooLarge("a tag, attribute or comment", $"{_max / (1 << 20):N0} MiB");
        }

        private bool _cdata;

        private void Special(byte[] terminator)
        {
            _state = State.Special;
            _end = terminator;
            _special = 0;
        }
    }
}
