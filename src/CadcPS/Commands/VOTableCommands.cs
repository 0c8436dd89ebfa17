using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Errors;
using Cadc.Core.VOTable;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>How Export-CadcVOTable serializes rows.</summary>
    public enum VOTableFormat
    {
        /// <summary>TABLEDATA: XML text, a TR per row (what astropy writes by default).</summary>
        TableData,
        /// <summary>BINARY2: base64 of the values, smaller; floats exact by construction.</summary>
        Binary2,
    }

    /// <summary>The names, column metadata and values of one piped object's properties.</summary>
    internal static class RowProperties
    {
        public static (string[] Names, VOTableColumn?[] Columns, object?[] Values) Of(PSObject row)
        {
            var known = RowColumns.Of(row);
            var names = new List<string>();
            var values = new List<object?>();
            foreach (var p in row.Properties)
            {
                if ((p.MemberType & (PSMemberTypes.Property | PSMemberTypes.NoteProperty)) == 0) continue;
                object? value;
                try { value = p.Value; }
                catch (GetValueException) { value = null; }
                names.Add(p.Name);
                values.Add(value is PSObject wrapped ? wrapped.BaseObject : value);
            }
            var columns = new VOTableColumn?[names.Count];
            if (known != null)
                for (var i = 0; i < names.Count; i++)
                    columns[i] = known.TryGetValue(names[i], out var c) ? c : null;
            return (names.ToArray(), columns, values.ToArray());
        }

        public static VOTableSerialization Core(VOTableFormat format)
            => format == VOTableFormat.Binary2 ? VOTableSerialization.Binary2 : VOTableSerialization.TableData;
    }

    /// <summary>
    /// Export-CadcVOTable: piped rows into a VOTable 1.4 file (for TOPCAT, Aladin, astropy), with the FIELD metadata of
    /// the result they came from (units, UCDs, xtypes, descriptions) when they are CadcPS rows, even after
    /// Where-Object or Select-Object; other objects' columns are typed from their first rows. Streams: memory does not
    /// grow with the rows. Written to Path.part and renamed when complete; an existing file is replaced only with -Force.
    /// </summary>
    [Cmdlet(VerbsData.Export, "CadcVOTable", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportCadcVOTableCommand : CadcCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private VOTableExportFile? _file;
        private bool _declined;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        public string Path { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        public string LiteralPath { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        [Parameter]
        public VOTableFormat Serialization { get; set; } = VOTableFormat.TableData;

        [Parameter]
        public string? TableName { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override bool PrepareRecord()
        {
            if (_declined || InputObject is null) return false;
            try
            {
                if (_file is null)
                {
                    var path = GetUnresolvedProviderPathFromPSPath(ParameterSetName == LiteralPathSet ? LiteralPath : Path);
                    if (!ShouldProcess(path, "Write a VOTable"))
                    {
                        _declined = true;
                        return false;
                    }
                    _file = VOTableExportFile.Create(path, Force, RowProperties.Core(Serialization), TableName);
                }
                var (names, columns, values) = RowProperties.Of(InputObject);
                _file.Export.Add(names, columns, values);
            }
            catch (CadcException ex) { Abandon(ex); }
            return false;
        }

        private protected override bool PrepareEnd()
        {
            if (_file is null)
            {
                if (!_declined) Abandon(new CadcException(ErrorIds.InvalidTableValue, CadcErrorKind.InvalidArgument, "No objects to export: pipe rows to Export-CadcVOTable.", null));
                return false;
            }
            try { _file.Complete(); }
            catch (CadcException ex) { Abandon(ex); }
            var export = _file.Export;
            if (export.Dropped.Count > 0)
                WriteWarning($"Not exported, because the first object has no such property: {string.Join(", ", export.Dropped)}.");
            WriteVerbose($"Wrote {export.RowCount:N0} rows, {export.Columns!.Count} columns to {_file.Path}");
            return PassThru;
        }

        private protected override Task EndProcessingAsync(CadcCall call, PipelineWriter output)
        {
            output.WriteObject(new FileInfo(_file!.Path));
            return Task.CompletedTask;
        }

        /// <summary>Ends the export: the partial file is removed and the error ends the pipeline (the rest would make no table).</summary>
        private void Abandon(CadcException ex)
        {
            Release();
            ThrowTerminatingError(ErrorRecords.From(ex));
        }

        // Stopped (Ctrl+C) or failed before the end: no partial file stays.
        private protected override void Release() => _file?.Dispose();
    }

    /// <summary>ConvertTo-CadcVOTable: piped rows as the text of one VOTable document (see Export-CadcVOTable).</summary>
    [Cmdlet(VerbsData.ConvertTo, "CadcVOTable")]
    [OutputType(typeof(string))]
    public sealed class ConvertToCadcVOTableCommand : CadcCmdlet
    {
        private readonly MemoryStream _buffer = new MemoryStream();
        private VOTableExport? _export;

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        [Parameter]
        public VOTableFormat Serialization { get; set; } = VOTableFormat.TableData;

        [Parameter]
        public string? TableName { get; set; }

        private protected override bool PrepareRecord()
        {
            if (InputObject is null) return false;
            _export ??= new VOTableExport(_buffer, RowProperties.Core(Serialization), TableName);
            var (names, columns, values) = RowProperties.Of(InputObject);
            try { _export.Add(names, columns, values); }
            catch (CadcException ex) { ThrowTerminatingError(ErrorRecords.From(ex)); }
            return false;
        }

        private protected override bool PrepareEnd()
        {
            if (_export is null)
                ThrowTerminatingError(ErrorRecords.From(new CadcException(ErrorIds.InvalidTableValue, CadcErrorKind.InvalidArgument, "No objects to convert: pipe rows to ConvertTo-CadcVOTable.", null)));
            try { _export!.Complete(); }
            catch (CadcException ex) { ThrowTerminatingError(ErrorRecords.From(ex)); }
            _export!.Dispose();
            if (_export.Dropped.Count > 0)
                WriteWarning($"Not converted, because the first object has no such property: {string.Join(", ", _export.Dropped)}.");
            WriteObject(new UTF8Encoding(false).GetString(_buffer.ToArray()));
            return false;
        }
    }

    /// <summary>
    /// Import-CadcVOTable: the rows of VOTable files (TABLEDATA, BINARY, BINARY2; gzip'd too), one object per row,
    /// typed exactly as Invoke-CadcTap types a service's answer, with the files' FIELD metadata reachable from the rows.
    /// </summary>
    [Cmdlet(VerbsData.Import, "CadcVOTable", DefaultParameterSetName = PathSet)]
    [OutputType("CadcPS.TapRow")]
    public sealed class ImportCadcVOTableCommand : CadcCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private readonly List<string> _files = new List<string>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        private protected override bool PrepareRecord()
        {
            _files.Clear();
            _files.AddRange(ProviderFiles.Resolve(this, ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet,
                p => WriteError(ErrorRecords.Create(ErrorIds.VOTableFileNotFound, CadcErrorKind.ObjectNotFound, $"There is no file '{p}'.", p))));
            return _files.Count > 0;
        }

        private protected override Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
        {
            foreach (var path in _files)
            {
                try
                {
                    using var file = VOTableFile.Open(path);
                    var rows = new RowObjectFactory(file.Fields, output);
                    object?[]? row;
                    while ((row = file.ReadRow()) != null)
                    {
                        call.Cancel.ThrowIfCancellationRequested();
                        output.WriteObject(rows.Create(row));
                    }
                    output.Verbose($"{path}: {file.RowCount:N0} rows, {file.Fields.Count} columns");
                }
                catch (CadcException ex)
                {
                    output.WriteError(ErrorRecords.From(ex));
                }
            }
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Get-CadcColumn: the columns of piped rows, with their datatype, unit, UCD, xtype and description, once per
    /// result (rows of one result share one list). Rows from CadcPS give their result's FIELD metadata; other objects
    /// the types Export-CadcVOTable would write for them.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CadcColumn")]
    [OutputType("CadcPS.Column")]
    public sealed class GetCadcColumnCommand : CadcCmdlet
    {
        private readonly HashSet<(object?, string)> _seen = new HashSet<(object?, string)>();

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        private protected override bool PrepareRecord()
        {
            if (InputObject is null) return false;
            var (names, columns, values) = RowProperties.Of(InputObject);
            var known = (object?)RowColumns.Of(InputObject);
            // One list per result and set of properties: rows of one result share its metadata object.
            if (!_seen.Add((known, string.Join("\u0001", names)))) return false;
            for (var i = 0; i < names.Length; i++)
            {
                var c = columns[i] ?? VOTableColumn.Infer(names[i], new[] { values[i] });
                WriteObject(GetCadcTableCommand.ColumnObject(null, names[i], c.Datatype, c.ArraySize, c.XType, c.Unit, c.Ucd, c.Utype, c.Description, Array.Empty<string>()));
            }
            return false;
        }
    }
}
