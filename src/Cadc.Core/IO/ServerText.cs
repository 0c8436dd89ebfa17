using System;
using System.IO;
using System.Text;
using System.Xml;
using Cadc.Core.Errors;

namespace Cadc.Core.IO
{
    /// <summary>
    /// Bounds on what CadcPS holds of a server's text (documented in about_CadcPS_Errors, ResponseTooLarge): beyond
    /// them the answer is a broken or hostile service's, not data, and reading stops with ResponseTooLarge.
    /// </summary>
    internal static class ServerText
    {
        /// <summary>A UWS job document, a capabilities document, a registry file.</summary>
        public const long MaxDocument = 16L << 20;

        /// <summary>A UWS job list (CADC keeps thousands of jobs; a few hundred bytes each).</summary>
        public const long MaxJobList = 64L << 20;

        /// <summary>A VOSI tableset (read one table at a time; the largest services list thousands of tables).</summary>
        public const long MaxTableSet = 256L << 20;

        /// <summary>One text value of such a document (a description, a parameter, a message).</summary>
        public const int MaxValueChars = 1 << 20;

        public static CadcException TooLarge(string what, string limit, object? target = null)
            => new CadcException(ErrorIds.ResponseTooLarge, CadcErrorKind.InvalidData,
                $"The service's answer has {what} larger than CadcPS accepts ({limit}): it is not data CadcPS can use.", target)
            {
                RecommendedAction = "The service is failing or is not the service meant; try again later.",
            };

        /// <summary>At most <paramref name="max"/> bytes of <paramref name="inner"/>: one more is ResponseTooLarge.</summary>
        public static Stream Bounded(Stream inner, long max, string what) => new BoundedReadStream(inner, max, what);

        /// <summary>
        /// On an element: its text content (the text of any child elements included), at most <paramref name="max"/>
        /// characters, read in chunks so a longer one is refused before it is held; leaves the reader on its end element.
        /// Null when the element is empty.
        /// </summary>
        public static string? ElementText(XmlReader xml, int max, string what)
        {
            if (xml.IsEmptyElement) return null;
            var depth = xml.Depth;
            StringBuilder? sb = null;
            char[]? chunk = null;
            while (xml.Read())
            {
                switch (xml.NodeType)
                {
                    case XmlNodeType.EndElement:
                        if (xml.Depth == depth) return sb?.ToString();
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        sb ??= new StringBuilder();
                        AppendValue(xml, sb, ref chunk, max, what);
                        break;
                }
            }
            throw new XmlException("The document ends inside an element.");
        }

        /// <summary>Appends the value of the text node the reader is on, in chunks, failing past <paramref name="max"/> characters in all.</summary>
        public static void AppendValue(XmlReader xml, StringBuilder sb, ref char[]? chunk, int max, string what)
        {
            if (!xml.CanReadValueChunk)
            {
                var v = xml.Value;
                if (sb.Length + v.Length > max) throw TooLarge(what, $"{max:N0} characters");
                sb.Append(v);
                return;
            }
            chunk ??= new char[8192];
            int n;
            while ((n = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
            {
                if (sb.Length + n > max) throw TooLarge(what, $"{max:N0} characters");
                sb.Append(chunk, 0, n);
            }
        }

        private sealed class BoundedReadStream : ForwardReadStream
        {
            private readonly Stream _inner;
            private readonly long _max;
            private readonly string _what;
            private long _read;

            public BoundedReadStream(Stream inner, long max, string what)
            {
                _inner = inner;
                _max = max;
                _what = what;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                // Ask for one byte beyond the bound at most: reading it is how a larger answer is known.
                var n = _inner.Read(buffer, offset, (int)Math.Min(count, _max - _read + 1));
                _read += n;
                if (_read > _max) throw TooLarge(_what, $"{_max / (1 << 20):N0} MiB");
                return n;
            }
        }
    }
}
