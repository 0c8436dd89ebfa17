using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;

// cadcps-shell [-File script.ps1 | -Command] text...
// Runs the text with the real PowerShell engine, streams every output object as it arrives (a table
// of its properties), verbose/warning/error records to stderr, and exits 1 when an error was written.
// Ctrl+C stops the pipeline the way pwsh does.
var args2 = args.ToList();
string script;
if (args2.Count >= 2 && args2[0].Equals("-File", StringComparison.OrdinalIgnoreCase))
    script = File.ReadAllText(args2[1]);
else
{
    if (args2.Count > 0 && args2[0].Equals("-Command", StringComparison.OrdinalIgnoreCase)) args2.RemoveAt(0);
    script = string.Join(" ", args2);
}
if (string.IsNullOrWhiteSpace(script))
{
    Console.Error.WriteLine("usage: cadcps-shell [-Command] <PowerShell text> | -File <script.ps1>");
    return 2;
}

using var ps = PowerShell.Create(InitialSessionState.CreateDefault2());
var printer = new TablePrinter(Console.Out);
var output = new PSDataCollection<PSObject>();
output.DataAdded += (s, e) => printer.Print(((PSDataCollection<PSObject>)s!)[e.Index]);
var failed = false;
ps.Streams.Error.DataAdded += (s, e) => { failed = true; var r = ps.Streams.Error[e.Index]; Console.Error.WriteLine($"ERROR [{r.FullyQualifiedErrorId}] {r.Exception.Message}"); };
ps.Streams.Warning.DataAdded += (s, e) => Console.Error.WriteLine("WARNING: " + ps.Streams.Warning[e.Index].Message);
ps.Streams.Verbose.DataAdded += (s, e) => Console.Error.WriteLine("VERBOSE: " + ps.Streams.Verbose[e.Index].Message);
ps.Streams.Information.DataAdded += (s, e) => Console.Error.WriteLine(ps.Streams.Information[e.Index].MessageData);
Console.CancelKeyPress += (s, e) => { e.Cancel = true; ps.BeginStop(null, null); };
ps.AddScript(script);
try
{
    ps.Invoke(null, output);
}
catch (PipelineStoppedException)
{
    Console.Error.WriteLine("stopped");
    return 130;
}
catch (RuntimeException ex)
{
    Console.Error.WriteLine($"ERROR [{ex.ErrorRecord?.FullyQualifiedErrorId}] {ex.Message}");
    return 1;
}
printer.Flush();
return failed || ps.HadErrors ? 1 : 0;

/// <summary>Prints objects as a table: a header when the property set changes, then one line per object.</summary>
sealed class TablePrinter
{
    private readonly TextWriter _out;
    private string[]? _columns;
    public TablePrinter(TextWriter output) => _out = output;

    public void Print(PSObject o)
    {
        if (o.BaseObject is string or ValueType || o.BaseObject is FileSystemInfo)
        {
            _columns = null;
            _out.WriteLine(o.BaseObject is FileSystemInfo f ? f.FullName : Text(o.BaseObject));
            return;
        }
        var names = o.Properties.Where(p => p.MemberType is PSMemberTypes.NoteProperty or PSMemberTypes.Property).Select(p => p.Name).ToArray();
        if (_columns is null || !_columns.SequenceEqual(names))
        {
            _columns = names;
            _out.WriteLine();
            _out.WriteLine(string.Join(" | ", names));
            _out.WriteLine(string.Join("-+-", names.Select(n => new string('-', n.Length))));
        }
        _out.WriteLine(string.Join(" | ", names.Select(n => Text(o.Properties[n]?.Value))));
        _out.Flush();
    }

    public void Flush() => _out.Flush();

    private static string Text(object? v) => v switch
    {
        null => "",
        PSObject p => Text(p.BaseObject),
        string s => s,
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e => "{" + string.Join(", ", e.Cast<object?>().Select(Text)) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
