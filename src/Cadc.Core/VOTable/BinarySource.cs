using System;
using System.Text;
using System.Xml;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// The bytes of a BINARY/BINARY2 STREAM, base64-decoded incrementally from the XmlReader into a
    /// buffer the field codecs read big-endian values from. Never holds more than a row or a chunk.
    /// </summary>
    internal sealed class BinarySource
    {
        private const int Chunk = 64 * 1024;
        private const int MaxCell = 1 << 28;
        private const int Step = 8 * 1024;
        private readonly XmlReader _xml;
        private byte[] _buffer = new byte[Chunk * 2];
        private int _pos, _len;
        private bool _eof;

        public BinarySource(XmlReader xml) => _xml = xml;

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
            if (count > MaxCell)
                throw new VOTableFormatException($"The binary data is corrupt: a cell of {count:N0} bytes.");
            Fill(count);
            if (_len - _pos < count)
                throw new VOTableFormatException($"The binary data is truncated: it ends inside a row ({_len - _pos} of {count} bytes).");
        }

        private void Fill(int count)
        {
            if (_eof) return;
            if (_pos > 0)
            {
                Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _len - _pos);
                _len -= _pos;
                _pos = 0;
            }
            if (_buffer.Length < count + Chunk) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, count + Chunk));
            while (_len < count && !_eof)
            {
                int n;
                // Ask for what the row needs (at least a small step), not for the whole buffer: the reader waits
                // until it can fill what is asked, which would hold the first rows back on a slow answer.
                var ask = Math.Min(_buffer.Length - _len, Math.Max(count - _len, Step));
                try { n = _xml.ReadContentAsBase64(_buffer, _len, ask); }
                catch (XmlException ex) { throw new VOTableFormatException("The binary data is corrupt or truncated: " + ex.Message, ex); }
                catch (FormatException ex) { throw new VOTableFormatException("The binary data is not valid base64: " + ex.Message, ex); }
                if (n == 0) _eof = true;
                _len += n;
            }
        }

        public void Skip(int count) => _pos += count;

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

        /// <summary>Latin-1 text of <paramref name="count"/> bytes, without trailing NULs (the padding of fixed-size strings).</summary>
        public string Latin1(int count)
        {
            var b = _buffer;
            var p = _pos;
            _pos += count;
            var end = count;
            while (end > 0 && b[p + end - 1] == 0) end--;
            if (end == 0) return string.Empty;
            var chars = new char[end];
            for (var i = 0; i < end; i++) chars[i] = (char)b[p + i];
            return new string(chars);
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
