using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// A table view per result shape, so that two results of other columns shown by one Out-Default
    /// (<c>Invoke-CadcTap 'select a ...'; Invoke-CadcTap 'select b, c ...'</c>) do not share the first one's header.
    /// </summary>
    /// <remarks>
    /// PowerShell's default table (no view) takes the first object's properties and shows every later object in it,
    /// whatever its type names: b and c were blank columns under a. With a view per shape type name, an object the
    /// current view does not apply to is shown on its own, with its own property names (as Get-Process; Get-Service
    /// shows the services). Only shapes PowerShell shows as a table get one (up to 4 columns): a default list
    /// already shows each object's own properties. Registered once per shape and runspace, on the pipeline thread,
    /// before the shape's first row; Update-FormatData costs tens of milliseconds, once per shape.
    /// </remarks>
    internal static class RowViews
    {
        /// <summary>PowerShell shows an object of up to 4 properties as a table by default, of more as a list.</summary>
        internal const int MaxTableColumns = 4;

        private static readonly ConditionalWeakTable<Runspace, HashSet<string>> Registered = new ConditionalWeakTable<Runspace, HashSet<string>>();

        /// <summary>Whether rows of this many columns get a view.</summary>
        public static bool Wanted(int columns) => columns > 0 && columns <= MaxTableColumns;

        /// <summary>On the pipeline thread: makes the table view of <paramref name="typeName"/> known to the current runspace.</summary>
        public static void Ensure(string typeName, IReadOnlyList<string> columns)
        {
            var runspace = Runspace.DefaultRunspace;
            var session = runspace?.InitialSessionState;
            if (runspace is null || session is null) return;
            var registered = Registered.GetOrCreateValue(runspace);
            lock (registered)
                if (!registered.Add(typeName)) return;
            var table = TableControl.Create(outOfBand: false, autoSize: false, hideTableHeaders: false);
            foreach (var c in columns) table = table.AddHeader(Alignment.Undefined, 0, c);
            var row = table.StartRowDefinition(wrap: false, entrySelectedByType: null, entrySelectedByCondition: null);
            foreach (var c in columns) row = row.AddPropertyColumn(c, Alignment.Undefined, null);
            var view = new FormatViewDefinition(typeName, row.EndRowDefinition().EndTable());
            try
            {
                session.Formats.Add(new SessionStateFormatEntry(new ExtendedTypeDefinition(typeName, new List<FormatViewDefinition> { view })));
                using var update = PowerShell.Create(RunspaceMode.CurrentRunspace);
                update.AddCommand("Microsoft.PowerShell.Utility\\Update-FormatData").Invoke();
            }
            catch (Exception ex) when (ex is RuntimeException || ex is InvalidOperationException)
            {
                // A host that forbids format updates (a shared format table): the rows show as before, in one table.
            }
        }
    }
}
