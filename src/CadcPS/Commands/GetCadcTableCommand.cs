using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>
    /// Get-CadcTable: the TAP service's schemas and tables (astroquery's get_tables), streamed from the VOSI
    /// tables endpoint; with -Name, that table's columns (astroquery's get_table).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CadcTable", DefaultParameterSetName = "List")]
    [OutputType("CadcPS.Table", ParameterSetName = new[] { "List" })]
    [OutputType("CadcPS.Column", ParameterSetName = new[] { "Columns" })]
    public sealed class GetCadcTableCommand : ServiceCmdlet
    {
        internal const string TableType = "CadcPS.Table";
        internal const string ColumnType = "CadcPS.Column";

        /// <summary>A qualified table name (caom2.Observation): its columns are returned.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Columns")]
        [Alias("Table", "TableName")]
        [ArgumentCompleter(typeof(TableNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>Only tables of these schemas (wildcards allowed).</summary>
        [Parameter(ParameterSetName = "List")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SchemaCompleter))]
        public string[]? Schema { get; set; }


        /// <summary>A -Service URL ending in /sync or /async is taken as the TAP base URL it belongs to.</summary>
        private protected override string? CommandService => TapServiceArgument.BaseOf(this, Service);

        private protected override bool PrepareRecord()
        {
            if (ParameterSetName == "Columns" && Name.Trim().Length == 0)
                throw new CadcException(ErrorIds.TableNotFound, CadcErrorKind.InvalidArgument, "The table name is empty.", Name);
            return true;
        }

        private protected override async Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
        {
            var schemas = (Schema ?? Array.Empty<string>()).Select(s => WildcardPattern.Get(s, WildcardOptions.IgnoreCase)).ToList();
            var name = ParameterSetName == "Columns" ? Name.Trim() : null;
            var tap = await TapService.ResolveAsync(call).ConfigureAwait(false);
            await tap.ReadTablesAsync(name, name != null, table =>
            {
                if (name != null)
                {
                    foreach (var c in table.Columns) output.WriteObject(Column(table, c));
                    return;
                }
                if (schemas.Count > 0 && !schemas.Any(p => p.IsMatch(table.Schema))) return;
                output.WriteObject(Table(table));
            }, call).ConfigureAwait(false);
        }

        private static PSObject Table(TapTable t)
        {
            var o = new PSObject();
            o.TypeNames.Insert(0, TableType);
            o.Properties.Add(new PSNoteProperty("Schema", t.Schema));
            o.Properties.Add(new PSNoteProperty("Name", t.Name));
            o.Properties.Add(new PSNoteProperty("Type", t.Type));
            o.Properties.Add(new PSNoteProperty("Description", t.Description));
            return o;
        }

        private static PSObject Column(TapTable t, TapColumn c)
            => ColumnObject(t.Name, c.Name, c.Datatype, c.ArraySize, c.XType, c.Unit, c.Ucd, c.Utype, c.Description, c.Flags.ToArray());

        /// <summary>A CadcPS.Column: a table's column (VOSI) or a result's (Get-CadcColumn), shown by one view.</summary>
        internal static PSObject ColumnObject(string? table, string name, string? datatype, string? arraySize, string? xtype, string? unit,
            string? ucd, string? utype, string? description, string[] flags)
        {
            var o = new PSObject();
            o.TypeNames.Insert(0, ColumnType);
            o.Properties.Add(new PSNoteProperty("Table", table));
            o.Properties.Add(new PSNoteProperty("Name", name));
            o.Properties.Add(new PSNoteProperty("Datatype", datatype));
            o.Properties.Add(new PSNoteProperty("ArraySize", arraySize));
            o.Properties.Add(new PSNoteProperty("XType", xtype));
            o.Properties.Add(new PSNoteProperty("Unit", unit));
            o.Properties.Add(new PSNoteProperty("Ucd", ucd));
            o.Properties.Add(new PSNoteProperty("Utype", utype));
            o.Properties.Add(new PSNoteProperty("Description", description));
            o.Properties.Add(new PSNoteProperty("Flags", flags));
            return o;
        }
    }
}
