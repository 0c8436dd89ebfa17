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

        public RowObjectFactory(IReadOnlyList<VOTableField> fields, string? typeName = null)
        {
            var names = new string[fields.Count];
            for (var i = 0; i < names.Length; i++) names[i] = fields[i].Key;
            _create = RowTypeBuilder.FactoryFor(typeName ?? DefaultTypeName, names);
            // The result's FIELD metadata, reachable from its rows (Get-CadcColumn, Export-CadcVOTable).
            RowColumns.Register(_create.Method.DeclaringType!, fields);
        }

        public object Create(object?[] row) => _create(row);
    }
}
