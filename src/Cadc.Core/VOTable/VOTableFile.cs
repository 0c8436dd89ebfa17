using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using Cadc.Core.Errors;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// A VOTable file read a row at a time (Import-CadcVOTable): TABLEDATA, BINARY or BINARY2, plain or gzip'd
    /// (found by its magic bytes, not its name), through the same reader and bounds as a service's answer, so rows
    /// are typed exactly as Invoke-CadcTap types them. Errors name the file: VOTableFileNotFound, InvalidVOTable.
    /// </summary>
    public sealed class VOTableFile : IDisposable
    {
        private readonly Stream _file;
        private readonly VOTableReader _reader;
        private readonly string _path;
        private long _rows;

        private VOTableFile(Stream file, VOTableReader reader, string path)
        {
            _file = file;
            _reader = reader;
            _path = path;
        }

        public IReadOnlyList<VOTableField> Fields => _reader.Fields;
        public IReadOnlyList<VOTableInfo> Infos => _reader.Infos;
        public bool HasTable => _reader.HasTable;
        public long RowCount => _rows;

        public static VOTableFile Open(string path)
        {
            Stream file;
            try { file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024); }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new CadcException(ErrorIds.VOTableFileNotFound, CadcErrorKind.ObjectNotFound, $"'{path}' does not exist.", path, ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                throw new CadcException(ErrorIds.InvalidVOTable, CadcErrorKind.ReadError, $"'{path}' cannot be read: {ex.Message}", path, ex);
            }
            try
            {
                var input = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file;
                var reader = VOTableReader.Open(input);
                return new VOTableFile(input, reader, path);
            }
            catch (Exception ex) when (ex is VOTableFormatException || ex is InvalidDataException || ex is IOException)
            {
                file.Dispose();
                throw new CadcException(ErrorIds.InvalidVOTable, CadcErrorKind.InvalidData, $"'{path}' is not a readable VOTable: {ex.Message}", path, ex);
            }
        }

        /// <summary>The next row, or null after the last.</summary>
        public object?[]? ReadRow()
        {
            try
            {
                var row = _reader.ReadRow();
                if (row != null) _rows++;
                return row;
            }
            catch (Exception ex) when (ex is VOTableFormatException || ex is InvalidDataException || ex is IOException)
            {
                throw new CadcException(ErrorIds.InvalidVOTable, CadcErrorKind.InvalidData, $"'{_path}' is corrupt after {_rows:N0} rows: {ex.Message}", _path, ex);
            }
        }

        public void Dispose()
        {
            _reader.Dispose();
            _file.Dispose();
        }

        private static bool IsGzip(Stream file)
        {
            var head = new byte[2];
            var n = 0;
            while (n < 2)
            {
                var got = file.Read(head, n, 2 - n);
                if (got == 0) break;
                n += got;
            }
            file.Position = 0;
            return n == 2 && head[0] == 0x1f && head[1] == 0x8b;
        }
    }
}
