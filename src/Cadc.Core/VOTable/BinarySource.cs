using System;
using System.Text;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// The bytes of a BINARY/BINARY2 STREAM, base64-decoded incrementally (<see cref="Base64Text"/>) into a
    /// buffer the field codecs read big-endian values from. Never holds more than a row or a chunk.
    /// </summary>
    internal sealed class BinarySource
    {
        private const int Chunk = 64 * 1024;
        private readonly int _maxCell;
        private const int Step = 8 * 1024;
        private readonly Base64Text _text;
        private byte[] _buffer = new byte[Chunk * 2];
        private int _pos, _len;
        private long _dropped;           // bytes consumed and compacted away before _buffer[0]
        private bool _eof;

        /// <param name="maxCell">The largest cell, in bytes (VOTableLimits.MaxBinaryCellBytes): a larger one is ResponseTooLarge.</param>
        public BinarySource(Base64Text text, int maxCell = int.MaxValue)
        {
            _text = text;
            _maxCell = maxCell;
        }

        /// <summary>Bytes consumed so far: a row that leaves it unchanged would be read for ever.</summary>
        public long Position => _dropped + _pos;

        /// <summary>True when the stream has no more bytes (checked at a row boundary).</summary>
        public bool AtEnd
        {
            get
            {
                if (_pos < _len) return false;
                Fill(1);
                return _pos >= _len;
            }
        }

        /// <summary>Makes <paramref name="count"/> bytes available, or fails: the stream ended inside a row.</summary>
        public void Need(int count)
        {
            if (_len - _pos >= count) return;
            if (count > _maxCell)
                throw IO.ServerText.TooLarge($"a BINARY cell of {count:N0} bytes", $"{_maxCell / (1 << 20):N0} MiB");
            Fill(count);
            if (_len - _pos < count)
                throw new VOTableFormatException($"The binary data is truncated: it ends inside a row ({_len - _pos} of {count} bytes).");
        }

        private void Fill(int count)
        {
            if (_eof) return;
            // Keep the bytes from the mark (the row being copied) when there is one.
            var keep = _mark >= 0 ? _mark : _pos;
            if (keep > 0)
            {
                Buffer.BlockCopy(_buffer, keep, _buffer, 0, _len - keep);
                _dropped += keep;
                _len -= keep;
                _pos -= keep;
                if (_mark >= 0) _mark = 0;
            }
            var want = _pos + count; // bytes wanted in the buffer: the mark's row so far and the count
            if (_buffer.Length < want + Chunk) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, want + Chunk));
            while (_len < want && !_eof)
            {
                // Ask for what the row needs (at least a small step), not for the whole buffer: the XmlReader waits
                // until it can fill what is asked, which would hold the first rows back on a slow answer.
                var ask = Math.Min(_buffer.Length - _len, Math.Max(want - _len, Step));
                var n = _text.Read(_buffer, _len, ask);
                if (n == 0) _eof = true;
                _len += n;
            }
        }

        public void Skip(int count) => _pos += count;

        private int _mark = -1;

        /// <summary>Keeps the bytes from here until <see cref="Marked"/>: a row copied as it was served.</summary>
        public void Mark() => _mark = _pos;

        /// <summary>The bytes since <see cref="Mark"/> (valid until the next read), and ends the mark.</summary>
        public ArraySegment<byte> Marked()
        {
            var segment = new ArraySegment<byte>(_buffer, _mark, _pos - _mark);
            _mark = -1;
            return segment;
        }

        public byte[] Take(int count)
        {
            var a = new byte[count];
            Buffer.BlockCopy(_buffer, _pos, a, 0, count);
            _pos += count;
            return a;
        }

        public byte Byte() => _buffer[_pos++];

        public short Int16()
        {
            var v = (short)(_buffer[_pos] << 8 | _buffer[_pos + 1]);
            _pos += 2;
            return v;
        }

        public int Int32()
        {
            var b = _buffer;
            var p = _pos;
            _pos += 4;
            return b[p] << 24 | b[p + 1] << 16 | b[p + 2] << 8 | b[p + 3];
        }

        public long Int64()
        {
            var hi = (uint)Int32();
            var lo = (uint)Int32();
            return (long)((ulong)hi << 32 | lo);
        }

        public float Single() => new SingleBits { Int = Int32() }.Float;

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]
        private struct SingleBits
        {
            [System.Runtime.InteropServices.FieldOffset(0)] public int Int;
            [System.Runtime.InteropServices.FieldOffset(0)] public float Float;
        }

        public double Double() => BitConverter.Int64BitsToDouble(Int64());

        /// <summary>
        /// The text of a char cell of <paramref name="count"/> bytes, without trailing NULs (the padding of fixed-size
        /// strings): UTF-8, as cadc-dali (and STIL, astropy) write char; a byte that starts no valid UTF-8 sequence
        /// is read as Latin-1, that byte alone, so text from an older Latin-1 writer still reads as it was meant.
        /// </summary>
        public string Text(int count)
        {
            var p = _pos;
            _pos += count;
            var end = count;
            while (end > 0 && _buffer[p + end - 1] == 0) end--;
            return Decode(_buffer, p, end);
        }

        /// <summary>
        /// A 2-D char cell ("8x*", "8x3") of <paramref name="count"/> bytes as strings of <paramref name="width"/> bytes
        /// each, decoded one by one (a UTF-8 character never spans two), trailing NULs and spaces removed; null when it is all NULs.
        /// </summary>
        public string[]? TextChunks(int count, int width)
        {
            var p = _pos;
            _pos += count;
            var end = count;
            while (end > 0 && _buffer[p + end - 1] == 0) end--;
            if (end == 0) return null;
            var a = new string[(end + width - 1) / width];
            for (var i = 0; i < a.Length; i++)
            {
                var start = i * width;
                var length = Math.Min(width, end - start);
                while (length > 0 && _buffer[p + start + length - 1] == 0) length--;
                a[i] = Decode(_buffer, p + start, length).TrimEnd(' ', '\0');
            }
            return a;
        }

        private static string Decode(byte[] b, int p, int end)
        {
            if (end == 0) return string.Empty;
            var ascii = true;
            for (var i = 0; i < end && ascii; i++) ascii = b[p + i] < 0x80;
            if (ascii) return Encoding.ASCII.GetString(b, p, end);
            var chars = new char[end];
            var n = 0;
            for (var i = p; i < p + end;)
            {
                var length = Utf8Sequence(b, i, p + end);
                if (length <= 1) { chars[n++] = (char)b[i++]; continue; } // ASCII, or Latin-1 for a byte that is no UTF-8
                int code = length == 2 ? b[i] & 0x1F : length == 3 ? b[i] & 0x0F : b[i] & 0x07;
                for (var k = 1; k < length; k++) code = code << 6 | b[i + k] & 0x3F;
                if (code < 0x10000) chars[n++] = (char)code;
                else
                {
                    code -= 0x10000;
                    chars[n++] = (char)(0xD800 + (code >> 10));
                    chars[n++] = (char)(0xDC00 + (code & 0x3FF));
                }
                i += length;
            }
            return new string(chars, 0, n);
        }

        /// <summary>The length (2 to 4) of the well-formed UTF-8 sequence at <paramref name="i"/> (RFC 3629: no overlongs, no surrogates); 1 for anything else.</summary>
        private static int Utf8Sequence(byte[] b, int i, int end)
        {
            var lead = b[i];
            int length;
            byte min = 0x80, max = 0xBF; // the range of the second byte
            if (lead >= 0xC2 && lead <= 0xDF) length = 2;
            else if (lead >= 0xE0 && lead <= 0xEF)
            {
                length = 3;
                if (lead == 0xE0) min = 0xA0;
                else if (lead == 0xED) max = 0x9F;
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                length = 4;
                if (lead == 0xF0) min = 0x90;
                else if (lead == 0xF4) max = 0x8F;
            }
            else return 1;
            if (i + length > end || b[i + 1] < min || b[i + 1] > max) return 1;
            for (var k = 2; k < length; k++)
                if (b[i + k] < 0x80 || b[i + k] > 0xBF) return 1;
            return length;
        }

        /// <summary>UCS-2 big-endian text of <paramref name="count"/> bytes, without trailing NULs.</summary>
        public string Ucs2(int count)
        {
            var p = _pos;
            _pos += count;
            var end = count & ~1;
            while (end > 1 && _buffer[p + end - 1] == 0 && _buffer[p + end - 2] == 0) end -= 2;
            return end == 0 ? string.Empty : Encoding.BigEndianUnicode.GetString(_buffer, p, end);
        }

        /// <summary>The byte <paramref name="offset"/> bytes ahead, without consuming it.</summary>
        public byte Peek(int offset) => _buffer[_pos + offset];

        /// <summary>Copies the next <c>into.Length</c> bytes (made available by <see cref="Need"/>).</summary>
        public void Read(byte[] into)
        {
            Buffer.BlockCopy(_buffer, _pos, into, 0, into.Length);
            _pos += into.Length;
        }
    }
}
