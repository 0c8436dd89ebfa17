namespace Cadc.Core.VOTable
{
    /// <summary>A PARAM element of the results RESOURCE or TABLE. Values are kept as served (strings).</summary>
    public sealed class VOTableParam
    {
        public VOTableParam(string name, string? value, string datatype, string? arraySize = null, string? xtype = null,
            string? ucd = null, string? utype = null, string? @ref = null, string? description = null,
            string? unit = null, string? id = null)
        {
            Name = name ?? string.Empty;
            Value = value;
            Datatype = string.IsNullOrEmpty(datatype) ? "char" : datatype;
            ArraySize = arraySize;
            XType = xtype;
            Ucd = ucd;
            Utype = utype;
            Ref = @ref;
            Description = description;
            Unit = unit;
            Id = id;
        }

        public string Name { get; }
        public string? Value { get; }
        public string Datatype { get; }
        public string? ArraySize { get; }
        public string? XType { get; }
        public string? Ucd { get; }
        public string? Utype { get; }
        public string? Ref { get; }
        public string? Description { get; }
        public string? Unit { get; }
        public string? Id { get; }

        public override string ToString() => Name + "=" + Value;
    }
}
