using System;
using System.IO;

namespace Cadc.Core.IO
{
    /// <summary>Copies everything read from a stream into another, so a response can be saved verbatim while it is parsed.</summary>
    internal sealed class TeeStream : ForwardReadStream
    {
        private readonly Stream _source;
        private readonly Stream _copy;

        public TeeStream(Stream source, Stream copy)
        {
            _source = source;
            _copy = copy;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _source.Read(buffer, offset, count);
            if (n > 0) _copy.Write(buffer, offset, n);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _source.Dispose();
            base.Dispose(disposing);
        }
    }
}
