using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Cadc.Core.Errors;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// Rows of any objects into one VOTable, as they come (Export-CadcVOTable). The first row's properties are the
    /// columns (later rows give their values by name; what they lack is null, what they add is left out, as
    /// Export-Csv does). A column whose metadata is known (rows from CadcPS) keeps it; the others are typed from
    /// the first <see cref="SampleRows"/> rows (<see cref="VOTableColumn.Infer"/>), which are held until then. After
    /// that a row is written as it is added, so memory does not grow with the table.
    /// </summary>
    public sealed class VOTableExport : IDisposable
    {
        /// <summary>Rows held to type columns that carry no metadata.</summary>
        public const int SampleRows = 1000;

        private readonly Stream _stream;
        private readonly VOTableSerialization _serialization;
        private readonly string? _tableName;
        private readonly List<object?[]> _sample = new List<object?[]>();
        private string[]? _names;
        private VOTableColumn?[]? _known;
        private Dictionary<string, int>? _index;
        private VOTableWriter? _writer;
        private bool _complete;

        public VOTableExport(Stream stream, VOTableSerialization serialization, string? tableName = null)
        {
            _stream = stream;
            _serialization = serialization;
            _tableName = tableName;
        }

        /// <summary>Properties of added rows that are not columns (named once each, for a warning).</summary>
        public IList<string> Dropped { get; } = new List<string>();

        public long RowCount { get; private set; }

        /// <summary>The columns written (known once the header is out: after <see cref="SampleRows"/> rows or at the end).</summary>
        public IReadOnlyList<VOTableColumn>? Columns { get; private set; }

        /// <param name="names">The row's property names, in order.</param>
        /// <param name="columns">Each property's column metadata, or null where the row carries none.</param>
        /// <param name="values">Each property's value.</param>
        public void Add(IReadOnlyList<string> names, IReadOnlyList<VOTableColumn?> columns, IReadOnlyList<object?> values)
        {
            if (_complete) throw new InvalidOperationException("The export is complete.");
            if (_names is null)
            {
                if (names.Count == 0)
                    throw new CadcException(ErrorIds.InvalidTableValue, CadcErrorKind.InvalidArgument, "The first object has no properties to make columns of.", null);
                _names = names.ToArray();
                _known = columns.ToArray();
                _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < _names.Length; i++)
                    if (!_index.ContainsKey(_names[i])) _index[_names[i]] = i;
            }
            var row = Arrange(names, values);
            RowCount++;
            if (_writer != null) { _writer.WriteRow(row); return; }
            _sample.Add(row);
            if (_sample.Count >= SampleRows) Start();
        }

        /// <summary>Writes what is held and ends the document. No rows at all is an error: there are no columns to write.</summary>
        public void Complete()
        {
            if (_complete) return;
            if (_names is null)
                throw new CadcException(ErrorIds.InvalidTableValue, CadcErrorKind.InvalidArgument, "No objects to export: a VOTable needs at least one row to take its columns from.", null);
            if (_writer is null) Start();
            _writer!.Complete();
            _complete = true;
        }

        public void Dispose() => _writer?.Dispose();

        private object?[] Arrange(IReadOnlyList<string> names, IReadOnlyList<object?> values)
        {
            var row = new object?[_names!.Length];
            var same = names.Count == _names.Length;
            for (var i = 0; same && i < names.Count; i++) same = string.Equals(names[i], _names[i], StringComparison.OrdinalIgnoreCase);
            if (same)
            {
                for (var i = 0; i < row.Length; i++) row[i] = values[i];
                return row;
            }
            for (var i = 0; i < names.Count; i++)
            {
                if (_index!.TryGetValue(names[i], out var at)) row[at] = values[i];
                else if (Dropped.Count < 100 && !Dropped.Contains(names[i], StringComparer.OrdinalIgnoreCase)) Dropped.Add(names[i]);
            }
            return row;
        }

        private void Start()
        {
            var columns = new VOTableColumn[_names!.Length];
            for (var c = 0; c < columns.Length; c++)
                columns[c] = _known![c]?.Renamed(_names[c]) ?? VOTableColumn.Infer(_names[c], _sample.Select(r => r[c]));
            Columns = columns;
            _writer = new VOTableWriter(_stream, columns, _serialization, _tableName);
            foreach (var row in _sample) _writer.WriteRow(row);
            _sample.Clear();
        }
    }
}

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// A <see cref="VOTableExport"/> into a file, with the discipline of every file CadcPS writes: written as name.part
    /// (never through a link), renamed when complete; an existing file is replaced only with <c>force</c> (else
    /// FileExists, before anything is written); an export that does not complete leaves nothing behind.
    /// </summary>
    public sealed class VOTableExportFile : IDisposable
    {
        private readonly string _path;
        private readonly string _part;
        private readonly bool _force;
        private readonly Stream _file;
        private bool _done;

        private VOTableExportFile(string path, bool force, Stream file, VOTableExport export)
        {
            _path = path;
            _part = path + ".part";
            _force = force;
            _file = file;
            Export = export;
        }

        public VOTableExport Export { get; }
        public string Path => _path;

        public static VOTableExportFile Create(string path, bool force, VOTableSerialization serialization, string? tableName)
        {
            if (Directory.Exists(path))
                throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"'{path}' is a directory; -Path needs a file name.", path);
            IO.OutputFile.RefuseExisting(path, force);
            var file = IO.PartFile.Open(path + ".part");
            return new VOTableExportFile(path, force, file, new VOTableExport(file, serialization, tableName));
        }

        /// <summary>Ends the document and gives the file its name.</summary>
        public void Complete()
        {
            Export.Complete();
            Export.Dispose();
            _file.Dispose();
            IO.PartFile.Complete(_part, _path, _force);
            _done = true;
        }

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            Export.Dispose();
            _file.Dispose();
            IO.PartFile.TryDelete(_part);
        }
    }
}
