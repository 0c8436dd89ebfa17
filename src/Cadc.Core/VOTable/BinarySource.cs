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
                try { n = _xml.ReadContentAsBase64(_buffer, _len, _buffer.Length - _len); }
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

        public string Latin1(int count)
        {
            var chars = new char[count];
            for (var i = 0; i < count; i++) chars[i] = (char)_buffer[_pos + i];
            _pos += count;
            return new string(chars);
        }

        public string Ucs2(int count)
        {
            var s = Encoding.BigEndianUnicode.GetString(_buffer, _pos, count);
            _pos += count;
            return s;
        }

        /// <summary>A BINARY2 row's null flags: bit i (MSB first) set means field i is null.</summary>
        public bool[] NullFlags(int fields)
        {
            var bytes = (fields + 7) / 8;
            Need(bytes);
            var flags = new bool[fields];
            for (var i = 0; i < fields; i++) flags[i] = (_buffer[_pos + i / 8] & (0x80 >> (i % 8))) != 0;
            _pos += bytes;
            return flags;
        }
    }
}
