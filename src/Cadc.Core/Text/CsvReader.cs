using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Cadc.Core.Text
{
    /// <summary>RFC 4180 CSV: quoted fields with doubled quotes and line breaks inside quotes.</summary>
    public static class CsvReader
    {
        public static List<string[]> ReadAll(string path)
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Read(reader);
        }

        public static List<string[]> Read(TextReader reader)
        {
            var records = new List<string[]>();
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false, any = false;
            int c;
            while ((c = reader.Read()) != -1)
            {
                var ch = (char)c;
                any = true;
                if (quoted)
                {
                    if (ch == '"')
                    {
                        if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                        else quoted = false;
                    }
                    else field.Append(ch);
                    continue;
                }
                switch (ch)
                {
                    case '"': quoted = true; break;
                    case ',': fields.Add(field.ToString()); field.Clear(); break;
                    case '\r': break;
                    case '\n':
                        fields.Add(field.ToString()); field.Clear();
                        if (!(fields.Count == 1 && fields[0].Length == 0)) records.Add(fields.ToArray());
                        fields.Clear();
                        any = false;
                        break;
                    default: field.Append(ch); break;
                }
            }
            if (any)
            {
                fields.Add(field.ToString());
                records.Add(fields.ToArray());
            }
            return records;
        }
    }
}
