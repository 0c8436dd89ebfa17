using System;

namespace Cadc.Core.VOTable
{
    /// <summary>A FIELD of the table being read: its metadata and the CLR type of its values.</summary>
    public sealed class VOTableField
    {
        internal VOTableField(string name, string key, string? id, string datatype, string? arraySize, string? xtype, string? unit,
            string? ucd, string? utype, string? description, string? nullValue, Type valueType)
        {
            Name = name; Key = key; Id = id; Datatype = datatype; ArraySize = arraySize; XType = xtype; Unit = unit;
            Ucd = ucd; Utype = utype; Description = description; NullValue = nullValue; ValueType = valueType;
        }

        /// <summary>The name as the service sent it.</summary>
        public string Name { get; }

        /// <summary>Unique within the table, case-insensitively: the first obsID is obsID, the next obsID_2.</summary>
        public string Key { get; }

        public string? Id { get; }
        public string Datatype { get; }
        public string? ArraySize { get; }
        public string? XType { get; }
        public string? Unit { get; }
        public string? Ucd { get; }
        public string? Utype { get; }
        public string? Description { get; internal set; }
        public string? NullValue { get; }

        /// <summary>
        /// The type of the non-null values. For xtypes (timestamp, interval, point, circle, polygon) the
        /// geometry/DateTime type; a value that does not fit it is kept raw (string or double[]).
        /// </summary>
        public Type ValueType { get; }

        public override string ToString() => Key + " (" + Datatype + (ArraySize != null ? "[" + ArraySize + "]" : "") + ")";
    }
}
