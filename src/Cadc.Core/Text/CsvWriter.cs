using System.Collections.Generic;
using System.IO;

namespace Cadc.Core.Text
{
    /// <summary>RFC 4180 CSV: a header line, then one line per row; fields quoted only when they must be.</summary>
    public sealed class CsvWriter
    {
        private static readonly char[] NeedsQuotes = { ',', '"', '\r', '\n' };
        private readonly TextWriter _writer;

        public CsvWriter(TextWriter writer) => _writer = writer;

        public void WriteHeader(IEnumerable<string> names) => WriteLine(names);

        public void WriteRow(object?[] row)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) _writer.Write(',');
                WriteField(CellText.Format(row[i]));
            }
            _writer.Write("\r\n");
        }

        private void WriteLine(IEnumerable<string> fields)
        {
            var first = true;
            foreach (var f in fields)
            {
                if (!first) _writer.Write(',');
                WriteField(f);
                first = false;
            }
            _writer.Write("\r\n");
        }

        private void WriteField(string text)
        {
            if (text.IndexOfAny(NeedsQuotes) < 0 && (text.Length == 0 || (text[0] != ' ' && text[text.Length - 1] != ' ')))
            {
                _writer.Write(text);
                return;
            }
            _writer.Write('"');
            _writer.Write(text.Replace("\"", "\"\""));
            _writer.Write('"');
        }
    }
}
