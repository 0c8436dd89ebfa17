using System;
using System.Collections.Generic;

namespace Cadc.Core.VOTable
{
    /// <summary>A FIELD of the table being read: its metadata and the CLR type of its values.</summary>
    public sealed class VOTableField
    {
        internal VOTableField(string name, string key, string? id, string datatype, string? arraySize, string? xtype, string? unit,
            string? ucd, string? utype, string? description, string? nullValue, FieldCodec codec)
        {
            Name = name; Key = key; Id = id; Datatype = datatype; ArraySize = arraySize; XType = xtype; Unit = unit;
            Ucd = ucd; Utype = utype; Description = description; NullValue = nullValue; Codec = codec; ValueType = codec.ValueType;
        }

        /// <summary>The name as the service sent it.</summary>
        public string Name { get; }

        /// <summary>
        /// The column's property name: unique within the table, case-insensitively: the first obsID is obsID, the next obsID_2,
        /// then obsID_3, never the name of another column; col_N for a FIELD without a name (or its ID), psbase_ for psbase and
        /// the other names PowerShell reserves on every object (see about_CadcPS, "Column names").
        /// </summary>
        public string Key { get; internal set; }

        /// <summary>FIELD/@ID.</summary>
        public string? Id { get; }

        /// <summary>FIELD/@datatype as served ("char" when absent).</summary>
        public string Datatype { get; }

        public string? ArraySize { get; }
        public string? XType { get; }
        public string? Unit { get; }
        public string? Ucd { get; }
        public string? Utype { get; }
        public string? Description { get; }

        /// <summary>VALUES/@null: the value that stands for null in this column.</summary>
        public string? NullValue { get; }

        /// <summary>
        /// The type of the non-null values <see cref="VOTableReader.ReadRow"/> gives for this field:
        /// <list type="bullet">
        /// <item>scalars: bool (boolean, bit), byte (unsignedByte), short, int, long, float, double, System.Numerics.Complex;</item>
        /// <item>arrays (arraysize other than 1): bool[], byte[], short[], int[], long[], float[], double[], Complex[];</item>
        /// <item>char/unicodeChar: string; 2-D char (arraysize "8x*", "8x3"): string[]; BINARY char bytes are UTF-8;</item>
        /// <item>xtypes: DateTime (timestamp, UTC), <see cref="Interval"/> (interval, double[2]), <see cref="Interval"/>[]
        /// (multiinterval, and interval of arraysize "*" or "2x*"), <see cref="SkyPoint"/>, <see cref="SkyCircle"/>,
        /// <see cref="SkyPolygon"/>; object for char shape and adql:REGION (one of the three shapes, or the text of another
        /// shape); object[] of those for char multishape.</item>
        /// </list>
        /// The type is decided by the FIELD (datatype, arraysize, xtype) and is the same for every row: an xtype that
        /// cannot apply to the arraysize (a double[4] interval) leaves the plain numbers, and a cell that cannot be its
        /// column's type (a polygon of two vertices) is a <see cref="VOTableFormatException"/>. Only timestamp text that is
        /// not a date is kept as the string.
        /// </summary>
        public Type ValueType { get; }

        internal FieldCodec Codec { get; }

        /// <summary>
        /// A column a client adds to each row of a result (Search-CadcRegion's SearchTarget and SeparationArcsec), described
        /// as a FIELD like the service's own, so that its rows report its unit and UCD and export it. Its key is
        /// <paramref name="name"/>, or name_2, name_3... when <paramref name="existing"/> already has that key (any case).
        /// </summary>
        public static VOTableField Computed(IReadOnlyList<VOTableField> existing, string name, string datatype, string? arraySize,
            string? unit, string? ucd, string? description)
        {
            var key = name;
            for (var n = 2; Contains(existing, key); n++) key = name + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new VOTableField(name, key, null, datatype, arraySize, null, unit, ucd, null, description, null,
                new FieldCodec(name, datatype, arraySize, null, null));
        }

        private static bool Contains(IReadOnlyList<VOTableField> fields, string key)
        {
            foreach (var f in fields)
                if (string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        public override string ToString() => Key + " (" + Datatype + (ArraySize != null ? "[" + ArraySize + "]" : "") + ")";
    }
}
