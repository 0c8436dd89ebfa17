using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

// CadcPS.Bench <module.psd1> <script> [repeat]
// Runs <script> (which should emit rows) in a runspace with the module imported and prints, per run:
// rows, seconds to the first row, total seconds, rows/s, and the process's peak working set.
// Output is one line of key=value pairs per run, for bench/run to collect.
// CadcPS.Bench reader <file.xml> [repeat]
// Reads a saved VOTable with Cadc.Core's VOTableReader alone (no engine, no PSObjects), every row read and dropped:
// what the reader thread pays per row, apart from the pipeline.
if (args.Length >= 2 && args[0] == "reader")
    return ReaderBench.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: CadcPS.Bench <CadcPS.psd1> <script> [repeat] | CadcPS.Bench reader <file.xml> [repeat]");
    return 2;
}
var manifest = Path.GetFullPath(args[0]);
var script = args[1];
var repeat = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;

using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
var importClock = Stopwatch.StartNew();
using (var import = PowerShell.Create())
{
    import.Runspace = runspace;
    import.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop").Invoke();
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import_s={importClock.Elapsed.TotalSeconds:F3}"));
// With -Verbose in the script: registry and capabilities reads per run, and how early the first row was out.
var lookup = new System.Text.RegularExpressions.Regex("^Reading the (registry|capabilities)");
var firstRowAt = new System.Text.RegularExpressions.Regex(@"first row was out after [\d,]+ bytes \(([\d.]+)%\)");

for (var run = 1; run <= repeat; run++)
{
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddScript(script);
    long rows = 0;
    double first = -1;
    var clock = Stopwatch.StartNew();
    var output = new PSDataCollection<PSObject>();
    // Count rows as they arrive and drop them, as a pipeline consumer that keeps nothing would.
    output.DataAdded += (s, e) =>
    {
        if (rows++ == 0) first = clock.Elapsed.TotalSeconds;
        if ((rows & 0x3FF) == 0) ((PSDataCollection<PSObject>)s!).Clear();
    };
    ps.Invoke(null, output);
    clock.Stop();
    foreach (var error in ps.Streams.Error) Console.Error.WriteLine($"error: [{error.FullyQualifiedErrorId}] {error.Exception.Message}");
    var total = clock.Elapsed.TotalSeconds;
    Process.GetCurrentProcess().Refresh();
    var lookups = ps.Streams.Verbose.Count(v => lookup.IsMatch(v.Message));
    var pct = ps.Streams.Verbose.Select(v => firstRowAt.Match(v.Message)).Where(m => m.Success).Select(m => m.Groups[1].Value).LastOrDefault() ?? "?";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run={run} rows={rows} first_row_s={first:F3} total_s={total:F3} rows_per_s={rows / total:F0} peak_ws_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} errors={ps.Streams.Error.Count} lookups={lookups} first_row_pct={pct}"));
}
return 0;

internal static class ReaderBench
{
    public static int Run(string file, int repeat)
    {
        for (var run = 1; run <= repeat; run++)
        {
            // The file is read from the page cache through a FileStream, as a response body would be read from the socket.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var clock = Stopwatch.StartNew();
            using var reader = Cadc.Core.VOTable.VOTableReader.Open(stream);
            long rows = 0;
            while (reader.ReadRow() != null) rows++;
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run={run} rows={rows} total_s={clock.Elapsed.TotalSeconds:F3} us_per_row={clock.Elapsed.TotalMilliseconds * 1000 / Math.Max(rows, 1):F3} status={reader.QueryStatus}"));
        }
        return 0;
    }
}
