using System;
using System.Collections.Generic;
using Cadc.Core.VOTable;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Makes one object per result row, its properties named after the columns' unique keys, in column order.
    /// The objects are instances of a class made for the result's columns (see <see cref="RowTypeBuilder"/>),
    /// named <c>typeName</c> so that PowerShell picks the right default view.
    /// </summary>
    internal sealed class RowObjectFactory
    {
        internal const string DefaultTypeName = "CadcPS.TapRow";
        private readonly Func<object?[], object> _create;

        /// <param name="output">Where the rows go: a generic shape's table view is registered through it, on the pipeline
        /// thread, before its first row (see <see cref="RowViews"/>).</param>
        public RowObjectFactory(IReadOnlyList<VOTableField> fields, PipelineWriter? output = null, string? typeName = null)
        {
            var names = new string[fields.Count];
            for (var i = 0; i < names.Length; i++) names[i] = fields[i].Key;
            var timestamps = new bool[names.Length];
            for (var i = 0; i < names.Length; i++) timestamps[i] = fields[i].ValueType == typeof(DateTime);
            _create = RowTypeBuilder.FactoryFor(typeName ?? DefaultTypeName, names, Metadata(fields), Array.IndexOf(timestamps, true) >= 0 ? timestamps : null);
            // The result's FIELD metadata, reachable from its rows (Get-CadcColumn, Export-CadcVOTable).
            var rowClass = _create.Method.DeclaringType!;
            RowColumns.Register(rowClass, fields);
            if (output != null && typeName is null && typeof(CadcPS.TapRow).IsAssignableFrom(rowClass) && RowViews.Wanted(names.Length))
            {
                var shape = rowClass.FullName!;
                output.OnPipeline(() => RowViews.Ensure(shape, names));
            }
        }

        /// <summary>The row object; its timestamps (DateTime) read as <see cref="RowTimestamp"/>s, written as ISO 8601 UTC by Export-Csv.</summary>
        public object Create(object?[] row) => _create(row);

        // The FIELD metadata that rows report (Get-CadcColumn, Export-CadcVOTable), as one text.
        private static string Metadata(IReadOnlyList<VOTableField> fields)
        {
            var sb = new System.Text.StringBuilder();
            foreach (var f in fields)
                sb.Append(f.Name).Append('\u0001').Append(f.Datatype).Append('\u0001').Append(f.ArraySize).Append('\u0001').Append(f.XType)
                  .Append('\u0001').Append(f.Unit).Append('\u0001').Append(f.Ucd).Append('\u0001').Append(f.Utype).Append('\u0001').Append(f.Description).Append('\u0003');
            return sb.ToString();
        }
    }
}
