using System;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// The input is not a VOTable, uses a feature this reader does not support, or is corrupt
    /// (malformed values, truncated data). The message says what is wrong and where.
    /// </summary>
    public sealed class VOTableFormatException : Exception
    {
        public VOTableFormatException(string message) : base(message) { }

        public VOTableFormatException(string message, Exception? innerException) : base(message, innerException) { }

        /// <summary>1-based line of the problem in the XML document, or 0 when unknown.</summary>
        public int LineNumber { get; }

        /// <summary>1-based position in the line, or 0 when unknown.</summary>
        public int LinePosition { get; }

        internal VOTableFormatException(string message, int lineNumber, int linePosition, Exception? innerException = null)
            : base(message, innerException)
        {
            LineNumber = lineNumber;
            LinePosition = linePosition;
        }
    }
}
