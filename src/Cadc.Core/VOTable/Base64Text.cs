using System;
using System.Xml;

namespace Cadc.Core.VOTable
{
    /// <summary>The base64 text of a BINARY/BINARY2 STREAM, decoded: what <see cref="BinarySource"/> reads its bytes from.</summary>
    internal abstract class Base64Text
    {
        /// <summary>Up to <paramref name="count"/> decoded bytes (at least one, unless the text has ended: 0).</summary>
        public abstract int Read(byte[] buffer, int offset, int count);
    }

    /// <summary>
    /// The STREAM's text through the XmlReader (ReadContentAsBase64): every encoding, entities, comments and CDATA, and the
    /// XmlReader's errors for whatever is malformed.
    /// </summary>
    internal sealed class XmlBase64Text : Base64Text
    {
        private readonly XmlReader _xml;
        private readonly Func<string, XmlException, VOTableFormatException> _error;
        private bool _onStream;   // the XmlReader is still on the STREAM element: its content comes with the first read
        private bool _ended;

        /// <param name="onStream">True when the XmlReader is on the STREAM start tag, false when on its content already.</param>
        /// <param name="error">The error for an XmlReader's, after the text given: where it says the document's positions, when
        /// another reader took bytes the XmlReader never saw.</param>
        public XmlBase64Text(XmlReader xml, bool onStream, Func<string, XmlException, VOTableFormatException>? error = null)
        {
            _xml = xml;
            _onStream = onStream;
            _error = error ?? ((text, ex) => new VOTableFormatException(text + ex.Message, ex.LineNumber, ex.LinePosition, ex));
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_ended) return 0;
            try
            {
                if (_onStream)
                {
                    _onStream = false;
                    if (!_xml.Read()) throw new VOTableFormatException("The document ends inside a STREAM.");
                }
                // the text ends at an element or the STREAM's end: the reader stays there, as ReadContentAsBase64 leaves it
                switch (_xml.NodeType)
                {
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        break;
                    default:
                        _ended = true;
                        return 0;
                }
                var n = _xml.ReadContentAsBase64(buffer, offset, count);
                if (n == 0) _ended = true;
                return n;
            }
            catch (XmlException ex) { throw _error("The binary data is corrupt or truncated: ", ex); }
            catch (FormatException ex) { throw new VOTableFormatException("The binary data is not valid base64: " + ex.Message, ex); }
        }
    }
}
