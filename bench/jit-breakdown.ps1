<#
.SYNOPSIS
    Where a fresh process's JIT time goes (issue 19): methods compiled during Import-Module, the first query and the
    same query again, grouped by namespace (Cadc.Core, CadcPS, Polly, Microsoft.Extensions.*, System.Net.Http, the
    engine, the async builders instantiated over our state machines, ...). Diagnosis only: nothing here ships.
.DESCRIPTION
    An in-process EventListener on the runtime's JIT events (keyword 0x10: MethodJittingStarted, MethodLoadVerbose),
    so it sees what the process itself compiles, on every thread, with no profiler attached. A method's time is from
    its JittingStarted to its MethodLoad event. "again" counts a method compiled a second time (a tier-up of a method
    first compiled at tier 0, or OSR). A "first compilation" is tier 0 on the thread that needed the method, or the
    background tier-up of ReadyToRun code (CoreLib's System.* methods, the engine's with a ReadyToRun pwsh), whose first
    version was not JIT-compiled: so System.* counts here are mostly background work, CadcPS's and the async builders'
    are on the query's path.
    The listener itself costs a little; compare runs of this script with each other, not with bench/run fresh.
.EXAMPLE
    pwsh -NoProfile -File bench/jit-breakdown.ps1
.EXAMPLE
    pwsh -NoProfile -File bench/jit-breakdown.ps1 -Rows 10 -Methods 'Polly|Cadc'     # and list those methods of the first call
.EXAMPLE
    bench/results/pwsh-r2r/pwsh -NoProfile -File bench/jit-breakdown.ps1           # the same with a ReadyToRun engine (bench/r2r-pwsh.sh)
#>
param(
    [string] $Module = (Join-Path $PSScriptRoot '../out/CadcPS/CadcPS.psd1'),
    [string] $Service = 'http://127.0.0.1:8089/tap',
    [int] $Rows = 100000,
    [int] $Top = 25,
    # A regex: also list the first call's methods whose namespace matches it.
    [string] $Methods
)
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

public sealed class JitBreakdownRecord { public string Namespace; public string Name; public string Phase; public double Ms; public bool Again; }

public sealed class JitBreakdownListener : EventListener
{
    public static volatile string Phase = "start";
    public readonly ConcurrentQueue<JitBreakdownRecord> Records = new ConcurrentQueue<JitBreakdownRecord>();
    private readonly ConcurrentDictionary<long, Tuple<DateTime, string, string, string>> _started = new ConcurrentDictionary<long, Tuple<DateTime, string, string, string>>();
    private readonly ConcurrentDictionary<long, bool> _seen = new ConcurrentDictionary<long, bool>();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x10);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName == null || e.PayloadNames == null) return;
        var at = e.PayloadNames.IndexOf("MethodID");
        if (at < 0) return;
        var id = Convert.ToInt64(e.Payload[at]);
        if (e.EventName.StartsWith("MethodJittingStarted", StringComparison.Ordinal))
            _started[id] = Tuple.Create(e.TimeStamp, (string)e.Payload[e.PayloadNames.IndexOf("MethodNamespace")], (string)e.Payload[e.PayloadNames.IndexOf("MethodName")], Phase);
        else if (e.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal))
        {
            Tuple<DateTime, string, string, string> s;
            if (!_started.TryRemove(id, out s)) return;
            Records.Enqueue(new JitBreakdownRecord { Namespace = s.Item2, Name = s.Item3, Phase = s.Item4, Ms = (e.TimeStamp - s.Item1).TotalMilliseconds, Again = !_seen.TryAdd(id, true) });
        }
    }
}
'@
$listener = [JitBreakdownListener]::new()
Start-Sleep -Milliseconds 300   # the runtime's event source connects asynchronously

function Group-Name([string] $ns) {
    # CoreLib's async builders and boxes instantiated over a state machine (or a result type) of ours are compiled here,
    # never ReadyToRun (their code is CoreLib's, outside our images): counted for the assembly named in the instantiation.
    if ($ns -match '^System\.Runtime\.CompilerServices\.(Async|ConfiguredValueTask)' -and $ns -match '(Cadc\.Core|CadcPS|Polly|Microsoft\.Extensions|System\.Net\.Http)') { return "async builders over $($Matches[1])" }
    # Start<TStateMachine> and the like: the event names the builder, not the state machine.
    if ($ns -match '^System\.Runtime\.CompilerServices\.Async') { return 'async builders (state machine not named)' }
    if ($ns -match '^(Cadc\.Core|CadcPS|Polly|Microsoft\.Extensions\.\w+|System\.Net\.Http|System\.Net\.Sockets|System\.Private\.Xml|System\.Xml|System\.Management\.Automation|Microsoft\.PowerShell|System\.Linq\.Expressions|System\.Reflection\.Emit|System\.Collections\.Generic|System\.Collections\.Concurrent|System\.Text\.RegularExpressions)') { return $Matches[1] }
    if ($ns -match '^(\w+\.\w+)') { return $Matches[1] }
    $ns
}

$query = { (Invoke-CadcTap 'SELECT * FROM perf.big' -MaxRecords $Rows -ResponseFormat votable/b2 -Service $Service -WarningAction SilentlyContinue | Measure-Object).Count }
$clock = [Diagnostics.Stopwatch]::StartNew()
$walls = [ordered]@{}
foreach ($phase in 'import', 'first', 'again') {
    [JitBreakdownListener]::Phase = $phase
    $t = $clock.Elapsed
    if ($phase -eq 'import') { Import-Module $Module } else { $null = & $query }
    $walls[$phase] = ($clock.Elapsed - $t).TotalSeconds
}
[JitBreakdownListener]::Phase = 'after'
Start-Sleep -Milliseconds 1500   # late events, and tier-ups queued by the last call
$records = @($listener.Records.ToArray())
$listener.Dispose()

foreach ($phase in 'import', 'first', 'again', 'after') {
    $in = @($records | Where-Object Phase -eq $phase)
    $initial = @($in | Where-Object { -not $_.Again })
    $wall = if ($walls.Contains($phase)) { '{0:F3} s wall, ' -f $walls[$phase] } else { '' }
    "== {0}: {1}{2} methods compiled, {3:F0} ms (first compilations {4}, {5:F0} ms; again {6}, {7:F0} ms)" -f $phase, $wall, $in.Count,
        ($in | Measure-Object Ms -Sum).Sum, $initial.Count, ($initial | Measure-Object Ms -Sum).Sum, ($in.Count - $initial.Count), (($in | Where-Object Again) | Measure-Object Ms -Sum).Sum
    $initial | Group-Object { Group-Name $_.Namespace } | Sort-Object { ($_.Group | Measure-Object Ms -Sum).Sum } -Descending | Select-Object -First $Top |
        ForEach-Object { '   {0,-48} {1,5} methods {2,7:F1} ms' -f $_.Name, $_.Count, ($_.Group | Measure-Object Ms -Sum).Sum }
}
if ($Methods) {
    "== the first call's first compilations matching '$Methods'"
    $records | Where-Object { $_.Phase -eq 'first' -and -not $_.Again -and $_.Namespace -match $Methods } | Sort-Object Ms -Descending |
        ForEach-Object { '   {0,6:F2} ms  {1}.{2}' -f $_.Ms, $_.Namespace, $_.Name }
}
