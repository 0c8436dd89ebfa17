using System;
using System.Collections.Generic;
using Cadc.Core.Errors;
using Cadc.Core.VOTable;

namespace Cadc.Core.Tap
{
    /// <summary>
    /// A TAP result being read: the columns are known, rows are read one at a time as they arrive.
    /// Disposing it closes the connection, which is how an early stop ends the download.
    /// </summary>
    public sealed class TapResult : IDisposable
    {
        private readonly VOTableReader _reader;
        private readonly IDisposable _body;
        private readonly string _query;
        private readonly Func<long> _bytesRead;
        private long _rows;
        private bool _ended;

        internal TapResult(VOTableReader reader, IDisposable body, string query, Func<long> bytesRead)
        {
            _reader = reader;
            _body = body;
            _query = query;
            _bytesRead = bytesRead;
        }

        /// <summary>Bytes of the response document read so far (after any gzip decoding).</summary>
        public long BytesRead => _bytesRead();

        /// <summary>Bytes received when the first row was ready: how early rows reach the pipeline.</summary>
        public long? FirstRowAtBytes { get; private set; }

        public IReadOnlyList<VOTableField> Fields => _reader.Fields;

        /// <summary>The rows asked for (a job's MAXREC), when known: what TapResultFile keeps to if the service sends more.</summary>
        internal long? Limit { get; set; }

        /// <summary>Where the table starts in the document (for <see cref="VOTableCut"/>).</summary>
        internal (int Line, int Position) TableAt => _reader.TableAt;

        /// <summary>Rows read so far.</summary>
        public long RowCount => _rows;

        /// <summary>True once the service said it stopped at MAXREC (QUERY_STATUS=OVERFLOW); known after the last row.</summary>
        public bool Overflowed => _ended && string.Equals(_reader.QueryStatus, "OVERFLOW", StringComparison.OrdinalIgnoreCase);

        public IReadOnlyList<VOTableInfo> Infos => _reader.Infos;

        /// <summary>The next row, or null after the last. An error the service reports after some rows is raised here.</summary>
        public object?[]? ReadRow()
        {
            if (_ended) return null;
            object?[]? row;
            try
            {
                row = _reader.ReadRow();
            }
            catch (VOTableFormatException ex)
            {
                _ended = true;
                throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.InvalidData,
                    $"The service's answer broke off or is corrupt after {_rows:N0} rows: {ex.Message}", _query, ex);
            }
            catch (CadcException)
            {
                // A broken connection or a timeout: the stream is unusable, so the result has ended.
                _ended = true;
                throw;
            }
            if (row != null)
            {
                if (_rows == 0) FirstRowAtBytes = BytesRead;
                _rows++;
                return row;
            }
            _ended = true;
            if (string.Equals(_reader.QueryStatus, "ERROR", StringComparison.OrdinalIgnoreCase))
                throw new TapQueryException(_reader.QueryStatusMessage ?? "(no message)", _query);
            return null;
        }

        public void Dispose()
        {
            _reader.Dispose();
            _body.Dispose();
        }
    }
}
