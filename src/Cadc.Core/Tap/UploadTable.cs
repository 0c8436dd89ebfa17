using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using Cadc.Core.Errors;
using Cadc.Core.Text;

namespace Cadc.Core.Tap
{
    /// <summary>A column of a table to upload: VOTable datatype (char, long, double, boolean) and xtype (timestamp).</summary>
    public sealed class UploadColumn
    {
        public UploadColumn(string name, string datatype, string? xtype = null)
        {
            Name = name;
            Datatype = datatype;
            XType = xtype;
        }

        public string Name { get; }
        public string Datatype { get; }
        public string? XType { get; }
    }

    /// <summary>
    /// A table sent with a TAP query (TAP_UPLOAD.name): rows given here, a CSV file, or a VOTable file sent as is.
    /// </summary>
    public sealed class UploadTable
    {
        private static readonly Regex NameRule = new Regex("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
        private readonly byte[] _votable;

        private UploadTable(string name, byte[] votable, int rows)
        {
            Name = name;
            _votable = votable;
            RowCount = rows;
        }

        /// <summary>The name in TAP_UPLOAD (an ADQL identifier).</summary>
        public string Name { get; }
        public int RowCount { get; }
        public long Size => _votable.Length;

        internal HttpContent Content() => new ByteArrayContent(_votable);

        /// <summary>Rows with values of CLR types; column types come from <paramref name="declared"/> or from the values.</summary>
        public static UploadTable FromRows(string name, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, IDictionary<string, string>? declared = null)
        {
            CheckName(name);
            var types = new UploadColumn[columns.Count];
            for (var c = 0; c < columns.Count; c++)
            {
                var given = declared?.FirstOrDefault(d => string.Equals(d.Key, columns[c], StringComparison.OrdinalIgnoreCase)).Value;
                types[c] = given != null ? Declared(columns[c], given) : Infer(columns[c], rows.Select(r => c < r.Length ? r[c] : null));
            }
            return new UploadTable(name, Write(name, types, rows), rows.Count);
        }

        /// <summary>A CSV file with a header line; numbers, ISO times and booleans are recognised unless declared.</summary>
        public static UploadTable FromCsv(string name, string path, IDictionary<string, string>? declared = null)
        {
            CheckName(name);
            List<string[]> records;
            try { records = CsvReader.ReadAll(path); }
            catch (IOException ex) { throw new CadcException(ErrorIds.InvalidUpload, CadcErrorKind.InvalidArgument, $"The upload file '{path}' cannot be read: {ex.Message}", path, ex); }
            if (records.Count == 0) throw new CadcException(ErrorIds.InvalidUpload, CadcErrorKind.InvalidArgument, $"The upload file '{path}' is empty: it needs a header line.", path);
            var header = records[0];
            var rows = records.Skip(1).Select(r => header.Select((_, i) => i < r.Length ? VOTable.VOTableColumn.TextValue(r[i]) : null).ToArray()).ToList();
            return FromRows(name, header, rows, declared);
        }

        /// <summary>A VOTable file, sent as it is.</summary>
        public static UploadTable FromVOTableFile(string name, string path)
        {
            CheckName(name);
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (IOException ex) { throw new CadcException(ErrorIds.InvalidUpload, CadcErrorKind.InvalidArgument, $"The upload file '{path}' cannot be read: {ex.Message}", path, ex); }
            var head = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
            if (head.IndexOf("<VOTABLE", StringComparison.Ordinal) < 0)
                throw new CadcException(ErrorIds.InvalidUpload, CadcErrorKind.InvalidArgument, $"'{path}' is not a VOTable.", path);
            return new UploadTable(name, bytes, -1);
        }

        private static void CheckName(string name)
        {
            if (name is null || !NameRule.IsMatch(name))
                throw new CadcException(ErrorIds.InvalidUpload, CadcErrorKind.InvalidArgument,
                    $"'{name}' cannot name an upload: use letters, digits and _ , starting with a letter (it becomes TAP_UPLOAD.{name}).", name);
        }

        private static UploadColumn Declared(string name, string type)
        {
            switch (type.Trim().ToLowerInvariant())
            {
                case "double": case "float": case "real": return new UploadColumn(name, "double");
                case "long": case "int": case "integer": case "short": case "bigint": return new UploadColumn(name, "long");
                case "boolean": case "bool": return new UploadColumn(name, "boolean");
                case "timestamp": case "datetime": return new UploadColumn(name, "char", "timestamp");
                case "char": case "string": case "varchar": case "text": return new UploadColumn(name, "char");
                default:
                    throw new CadcException(ErrorIds.InvalidUpload, CadcErrorKind.InvalidArgument,
                        $"'{type}' is not an upload column type: use double, long, boolean, timestamp or char (column {name}).", type);
            }
        }

        private static UploadColumn Infer(string name, IEnumerable<object?> values)
        {
            bool any = false, allInt = true, allNum = true, allBool = true, allTime = true;
            foreach (var v in values)
            {
                if (v is null) continue;
                any = true;
                var isInt = v is long || v is int || v is short || v is byte || v is sbyte || v is ushort || v is uint;
                var isNum = isInt || v is double || v is float || v is decimal || v is ulong;
                allInt &= isInt;
                allNum &= isNum;
                allBool &= v is bool;
                allTime &= v is DateTime || v is DateTimeOffset;
            }
            if (!any) return new UploadColumn(name, "char");
            if (allInt) return new UploadColumn(name, "long");
            if (allNum) return new UploadColumn(name, "double");
            if (allBool) return new UploadColumn(name, "boolean");
            if (allTime) return new UploadColumn(name, "char", "timestamp");
            return new UploadColumn(name, "char");
        }

        private static byte[] Write(string name, UploadColumn[] columns, IReadOnlyList<object?[]> rows)
        {
            var sb = new StringBuilder();
            sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.3\">\n<RESOURCE type=\"results\">\n<TABLE name=\"")
              .Append(Escape(name)).Append("\">\n");
            foreach (var c in columns)
            {
                sb.Append("<FIELD name=\"").Append(Escape(c.Name)).Append("\" datatype=\"").Append(c.Datatype).Append('"');
                if (c.Datatype == "char") sb.Append(" arraysize=\"*\"");
                if (c.XType != null) sb.Append(" xtype=\"").Append(c.XType).Append('"');
                sb.Append("/>\n");
            }
            sb.Append("<DATA><TABLEDATA>\n");
            foreach (var row in rows)
            {
                sb.Append("<TR>");
                for (var i = 0; i < columns.Length; i++)
                {
                    var v = i < row.Length ? row[i] : null;
                    sb.Append("<TD>").Append(Escape(Cell(columns[i], v))).Append("</TD>");
                }
                sb.Append("</TR>\n");
            }
            sb.Append("</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n");
            return new UTF8Encoding(false).GetBytes(sb.ToString());
        }

        private static string Cell(UploadColumn c, object? v)
        {
            if (v is null) return "";
            try
            {
                switch (c.Datatype)
                {
                    case "long": return Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                    case "double": return Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
                    case "boolean": return Convert.ToBoolean(v, CultureInfo.InvariantCulture) ? "T" : "F";
                }
                if (c.XType == "timestamp")
                {
                    var t = v is DateTimeOffset o ? o.UtcDateTime : v is DateTime d ? d.ToUniversalTime() : Convert.ToDateTime(v, CultureInfo.InvariantCulture).ToUniversalTime();
                    return t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
                }
                return CellText.Format(v);
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException)
            {
                throw new CadcException(ErrorIds.InvalidUpload, CadcErrorKind.InvalidArgument, $"The value '{v}' does not fit column {c.Name} ({c.Datatype}{(c.XType != null ? " " + c.XType : "")}).", v, ex);
            }
        }

        private static string Escape(string s)
        {
            var sb = new StringBuilder(s.Length);
            foreach (var ch in s)
            {
                switch (ch)
                {
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '&': sb.Append("&amp;"); break;
                    case '"': sb.Append("&quot;"); break;
                    default:
                        if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') continue; // not allowed in XML 1.0
                        sb.Append(ch);
                        break;
                }
            }
            return sb.ToString();
        }
    }
}
