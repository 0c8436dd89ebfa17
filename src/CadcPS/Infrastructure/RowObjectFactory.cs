using System.Collections.Generic;
using System.Management.Automation;
using Cadc.Core.VOTable;

namespace CadcPS.Infrastructure
{
    /// <summary>Makes one PSObject per result row, its properties named after the columns' unique keys, in column order.</summary>
    internal sealed class RowObjectFactory
    {
        private readonly string[] _names;
        private readonly string? _typeName;

        public RowObjectFactory(IReadOnlyList<VOTableField> fields, string? typeName = null)
        {
            _names = new string[fields.Count];
            for (var i = 0; i < _names.Length; i++) _names[i] = fields[i].Key;
            _typeName = typeName;
        }

        public PSObject Create(object?[] row)
        {
            var o = new PSObject();
            if (_typeName != null) o.TypeNames.Insert(0, _typeName);
            var properties = o.Properties;
            for (var i = 0; i < _names.Length; i++) properties.Add(new PSNoteProperty(_names[i], row[i]));
            return o;
        }
    }
}
