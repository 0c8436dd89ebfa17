using System;
using System.Collections.Generic;
using Cadc.Core.VOTable;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Columns a cmdlet computes for each row of a result (Search-CadcRegion's SearchTarget and SeparationArcsec), after the
    /// service's columns. They are real properties of the row class, with FIELD metadata (unit, UCD) that Get-CadcColumn and
    /// Export-CadcVOTable report as for the service's columns, and they keep the row path's batching and progress.
    /// </summary>
    internal sealed class AddedColumns
    {
        private readonly Action<object?[], object?[], int> _fill;

        /// <param name="fields">The added columns (<see cref="VOTableField.Computed"/>).</param>
        /// <param name="fill">Given a row of the service's columns, writes the added values into the longer row from the offset on.</param>
        public AddedColumns(IReadOnlyList<VOTableField> fields, Action<object?[], object?[], int> fill)
        {
            Fields = fields;
            _fill = fill;
        }

        public IReadOnlyList<VOTableField> Fields { get; }

        /// <summary>The service's fields followed by the added ones.</summary>
        public IReadOnlyList<VOTableField> After(IReadOnlyList<VOTableField> served)
        {
            var all = new List<VOTableField>(served.Count + Fields.Count);
            all.AddRange(served);
            all.AddRange(Fields);
            return all;
        }

        /// <summary>The row with the added values after the service's.</summary>
        public object?[] Extend(object?[] row)
        {
            var all = new object?[row.Length + Fields.Count];
            Array.Copy(row, all, row.Length);
            _fill(row, all, row.Length);
            return all;
        }
    }
}
