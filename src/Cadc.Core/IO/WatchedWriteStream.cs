using System;
using System.IO;

namespace Cadc.Core.IO
{
    /// <summary>
    /// A write-only stream that hands each write to <c>inner</c> (or drops it, when there is none) after telling
    /// <c>beforeWrite</c> its size: what a response is copied into while it is saved, so that each write can check the
    /// stop token (TapResultFile: Ctrl+C ends a save however fast the service sends) or count bytes (progress).
    /// </summary>
    public sealed class WatchedWriteStream : Stream
    {
        private readonly Stream? _inner;
        private readonly Action<int> _beforeWrite;

        public WatchedWriteStream(Stream? inner, Action<int> beforeWrite)
        {
            _inner = inner;
            _beforeWrite = beforeWrite ?? throw new ArgumentNullException(nameof(beforeWrite));
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _beforeWrite(count);
            _inner?.Write(buffer, offset, count);
        }

        public override void Flush() => _inner?.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
