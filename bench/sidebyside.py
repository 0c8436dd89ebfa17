#!/usr/bin/env python3
"""Side-by-side benchmarks for issue 19, printed as one table of medians and ratios.

    python3 bench/sidebyside.py fresh  [ROWS]   # default 100000, against the sandbox
    python3 bench/sidebyside.py replay [ROWS]   # default 1000000, against bench/replay.py
    python3 bench/sidebyside.py export [ROWS]   # default 1000000: replayed rows | Export-CadcVOTable (issue 20)

fresh: what a scheduled script pays. Every run is a new process: `pwsh -c 'Import-Module CadcPS;
(Invoke-CadcTap ... | Measure-Object).Count'`, once with -Service (no registry) and once through the
registry (as a script that names nothing), against curl fetching the same result from the sandbox (plain,
as CadcPS asks on loopback, and --compressed, as it asks across a network). Also the bare costs: pwsh
starting, pwsh importing the module, and in one process the same query twice (first call, warm call), so
the module's part of a fresh process (import, first call minus warm call) is printed apart from pwsh's own.

replay: where the client is the bottleneck. The sandbox's answer is captured once per format (BINARY2,
TABLEDATA) into bench/results/capture-ROWS/ and served by bench/replay.py with sendfile, so DaCHS's
~60k rows/s is not the limit. Clients: curl (the wire), the PowerShell pipeline floor (a compiled
cmdlet writing ROWS objects of 11 fields into Measure-Object), CadcPS, pyvo (Debian's python3-pyvo) and
STILTS (Debian's stilts, omode=count). pwsh and python time the query inside their process (start-up and
imports apart); every client's peak memory is its process's maximum RSS (wait4). STILTS is timed as a
whole process (its JVM start included) and asks for its own default format.
CadcPS is also timed, in a fresh process, until its first row is out (Select-Object -First 1): the first call's
setup, apart from the excess of its rows over the warm call's (the row path compiled and tiered up as they stream).

export: the replayed result piped into Export-CadcVOTable (TableData and Binary2) in a fresh pwsh, against the
same rows into Measure-Object: time, and peak working set (the goal: under 200 MB for 1M rows, however many).

REPS (default 3) repetitions; medians reported; results also appended to bench/results/<stamp>-MODE.txt.
"""
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODE = sys.argv[1] if len(sys.argv) > 1 else "fresh"
ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else (100000 if MODE == "fresh" else 1000000)
REPS = int(os.environ.get("REPS", "3"))
# Debian's python3-pyvo lives under the system interpreter, which may not be the one running this script.
PYTHON = os.environ.get("PYVO_PYTHON", "/usr/bin/python3")
TAP = os.environ.get("CADC_TAP_URL", "http://127.0.0.1:8089/tap")
REG = os.environ.get("CADC_REGISTRY_URL", "http://127.0.0.1:8090/reg/resource-caps")
PWSH = os.environ.get("PWSH", os.path.expanduser("~/.dotnet/tools/pwsh"))
MODULE = os.path.join(ROOT, "out", "CadcPS")
QUERY = "SELECT * FROM perf.big"
RESULTS = os.path.join(HERE, "results")
os.makedirs(RESULTS, exist_ok=True)
LOG = open(os.path.join(RESULTS, time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + MODE + ".txt"), "w")


def say(text):
    print(text, flush=True)
    LOG.write(text + "\n")
    LOG.flush()


def run(cmd, env=None):
    """(wall seconds, peak RSS MB, stdout) of one process."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("failed (%s): %s\n%s" % (status, " ".join(cmd)[:300], err.decode(errors="replace")[-2000:]))
    return wall, usage.ru_maxrss / 1024.0, out.decode(errors="replace")


def field(out, key):
    """The value of `key=...` in a client's last output line."""
    for part in out.strip().splitlines()[-1].split():
        k, _, v = part.partition("=")
        if k == key:
            return v
    raise SystemExit("no %s= in output: %r" % (key, out[-500:]))


def curl(url, fmt, rows):
    return ["curl", "-sf", "-o", "/dev/null", "-d", "LANG=ADQL", "-d", "MAXREC=%d" % rows, "-d", "RESPONSEFORMAT=" + fmt,
            "--data-urlencode", "QUERY=" + QUERY, url + "/sync"]


def pwsh(script):
    env = dict(os.environ, CADC_REGISTRY_URL=REG, POWERSHELL_TELEMETRY_OPTOUT="1", POWERSHELL_UPDATECHECK="Off")
    return [PWSH, "-NoProfile", "-NonInteractive", "-Command", script], env


# In-process timing in pwsh: the query's pipeline only, then the count and the process's peak working set.
TIMED = ("$s=[Diagnostics.Stopwatch]::StartNew(); $n=({0} | Measure-Object).Count; $s.Stop(); "
         "\"rows=$n s=$($s.Elapsed.TotalSeconds) ws_mb=$([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64/1MB)\"")

# Until the first row is out: Select-Object -First 1 stops the query's pipeline there.
FIRST_ROW = ("$s=[Diagnostics.Stopwatch]::StartNew(); $r={0} | Select-Object -First 1; $s.Stop(); "
             "\"rows=1 s=$($s.Elapsed.TotalSeconds)\"")


def twice(command):
    """A script timing `command` twice in one process: its first call, then a warm one (two TIMED lines)."""
    return TIMED.format(command) + "; " + TIMED.format(command)


def calls(out, rows=None):
    """(first, warm) seconds from the two TIMED lines of twice(); checks the row count when given."""
    lines = [l for l in out.strip().splitlines() if l.startswith("rows=")][-2:]
    if len(lines) != 2:
        raise SystemExit("expected two timed calls: %r" % out[-500:])
    if rows is not None and any(int(field(l, "rows")) != rows for l in lines):
        raise SystemExit("returned %s rows, not %d" % ([field(l, "rows") for l in lines], rows))
    return float(field(lines[0], "s")), float(field(lines[1], "s"))

# The same, with what the runtime JIT-compiled during the call (every thread: tier 0 on the threads that waited for it,
# tier-ups in the background), for fresh's first-versus-warm split; bench/jit-breakdown.ps1 says which methods.
TIMED_JIT = ("$j=[Runtime.JitInfo]::GetCompiledMethodCount($false); $jt=[Runtime.JitInfo]::GetCompilationTime($false); " + TIMED +
             "+\" jit_methods=$([Runtime.JitInfo]::GetCompiledMethodCount($false)-$j) jit_ms=$(([Runtime.JitInfo]::GetCompilationTime($false)-$jt).TotalMilliseconds)\"")

# The pipeline floor: a binary cmdlet writing ROWS objects of 11 fields (perf.big's width), compiled before the clock starts.
FLOOR_CMDLET = r'''
Add-Type -TypeDefinition @"
using System.Management.Automation;
public sealed class FloorRow { public long id; public double ra, dec, mag, err, flux, z, a, b; public string name, band; }
[Cmdlet("Write", "FloorRow")]
public sealed class WriteFloorRow : PSCmdlet {
    [Parameter(Position = 0)] public int Count { get; set; }
    protected override void ProcessRecord() {
        for (var i = 0; i < Count; i++)
            WriteObject(new FloorRow { id = i, ra = i * 1e-3, dec = -i * 1e-3, mag = 20, err = 0.1, flux = i, z = 0.5, a = 1, b = 2, name = "src" + i, band = "r" });
    }
}
"@ -PassThru | Select-Object -First 1 | ForEach-Object { Import-Module $_.Assembly }
'''

PYVO = r'''
import sys, time, resource, warnings
warnings.simplefilter("ignore")
import pyvo
url, q, rows, fmt = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
query = pyvo.dal.tap.TAPQuery(url, q, mode="sync", maxrec=rows)
query["RESPONSEFORMAT"] = fmt
t = time.perf_counter()
n = len(query.execute().to_table())
print("rows=%d s=%.3f" % (n, time.perf_counter() - t))
'''


def capture(rows):
    folder = os.path.join(RESULTS, "capture-%d" % rows)
    os.makedirs(folder, exist_ok=True)
    for fmt in ("votable/b2", "votable/td"):
        name = os.path.join(folder, fmt.replace("/", "_") + ".xml")
        if not os.path.isfile(name):
            subprocess.check_call(curl(TAP, fmt, rows)[:3] + [name] + curl(TAP, fmt, rows)[4:])
    with urllib.request.urlopen(TAP + "/capabilities") as r:
        caps = r.read().decode("utf-8")
    return folder, caps


def median(values):
    return statistics.median(values) if values else None


def table(rows_of):
    """rows_of: list of (label, [(seconds, mb)], base_label) -> markdown table with ratios to the base."""
    med = {label: (median([s for s, _ in v]), median([m for _, m in v])) for label, v, _ in rows_of}
    say("| client | median s | ratio | vs | peak MB |")
    say("|---|---:|---:|---|---:|")
    for label, v, base in rows_of:
        s, m = med[label]
        ratio = "-" if not base or med.get(base, (None,))[0] in (None, 0) else "%.2fx" % (s / med[base][0])
        say("| %s | %.3f | %s | %s | %.0f |" % (label, s, ratio, base or "", m))


def fresh():
    say("# fresh process, %d rows of perf.big, votable/b2, %d reps, %d cpu" % (ROWS, REPS, os.cpu_count()))
    results = {k: [] for k in ("curl", "curl gzip", "pwsh", "pwsh+import", "cadcps -Service", "cadcps registry", "first call", "warm call")}
    jit = {"first call": [], "warm call": []}
    query = "Invoke-CadcTap '%s' -MaxRecords %d -ResponseFormat votable/b2" % (QUERY, ROWS)
    scripts = {
        "pwsh": "1",
        "pwsh+import": "Import-Module '%s'" % MODULE,
        "cadcps -Service": "Import-Module '%s'; (%s -Service %s | Measure-Object).Count" % (MODULE, query, TAP),
        "cadcps registry": "Import-Module '%s'; (%s | Measure-Object).Count" % (MODULE, query),
    }
    # One process, the same query twice: what the first call costs beyond a warm one (JIT, first connection, row classes).
    first_and_warm = "Import-Module '%s'; " % MODULE + "; ".join(TIMED_JIT.format("%s -Service %s -WarningAction SilentlyContinue" % (query, TAP)) for _ in range(2))
    run(curl(TAP, "votable/b2", ROWS))  # the server's own first-query cost, paid by nobody below
    for rep in range(REPS):
        wall, mb, _ = run(curl(TAP, "votable/b2", ROWS))
        results["curl"].append((wall, mb))
        # What CadcPS asks for across a network (it asks for no compression on loopback, as here).
        wall, mb, _ = run(curl(TAP, "votable/b2", ROWS)[:2] + ["--compressed"] + curl(TAP, "votable/b2", ROWS)[2:])
        results["curl gzip"].append((wall, mb))
        for label, script in scripts.items():
            cmd, env = pwsh(script)
            wall, mb, out = run(cmd, env)
            if label.startswith("cadcps") and int(out.strip().splitlines()[-1]) != ROWS:
                raise SystemExit("%s returned %s rows" % (label, out.strip()))
            results[label].append((wall, mb))
            say("%s rep=%d s=%.3f peak_mb=%.0f" % (label, rep + 1, wall, mb))
        cmd, env = pwsh(first_and_warm)
        _, mb, out = run(cmd, env)
        lines = [l for l in out.strip().splitlines() if l.startswith("rows=")]
        for label, line in zip(("first call", "warm call"), lines):
            results[label].append((float(field(line + "\n", "s")), mb))
            jit[label].append((float(field(line + "\n", "jit_methods")), float(field(line + "\n", "jit_ms"))))
        say("first/warm call rep=%d %s" % (rep + 1, " | ".join(lines)))
    table([("curl", results["curl"], None), ("curl gzip", results["curl gzip"], "curl"), ("pwsh", results["pwsh"], "curl"),
           ("pwsh+import", results["pwsh+import"], "pwsh"),
           ("cadcps -Service", results["cadcps -Service"], "curl"), ("cadcps registry", results["cadcps registry"], "curl"),
           ("first call", results["first call"], None), ("warm call", results["warm call"], "first call")])
    m = lambda k: median([w for w, _ in results[k]])
    say("module's part of a fresh process: import %.3f s (pwsh+import - pwsh), first call - warm call %.3f s; "
        "pwsh's own start %.3f s" % (m("pwsh+import") - m("pwsh"), m("first call") - m("warm call"), m("pwsh")))
    say("JIT during the call (all threads): first %s, warm %s" % tuple(
        "%.0f methods, %.0f ms" % (median([n for n, _ in jit[k]]), median([t for _, t in jit[k]])) for k in ("first call", "warm call")))
    say("goal: cadcps / curl <= 1.2x (issue 19)")


def start_replay(rows):
    folder, caps = capture(rows)
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    base = "http://127.0.0.1:%d/tap" % port
    with open(os.path.join(folder, "capabilities.xml"), "w") as f:
        f.write(caps.replace(TAP, base))
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "replay.py"), str(port), folder], stdout=subprocess.PIPE)
    server.stdout.readline()
    return base, server


def replay():
    base, server = start_replay(ROWS)
    folder = os.path.join(RESULTS, "capture-%d" % ROWS)
    try:
        say("# replay, %d rows of perf.big, %d reps, %d cpu, from %s" % (ROWS, REPS, os.cpu_count(), base))
        have_pyvo = subprocess.call([PYTHON, "-c", "import pyvo"], stderr=subprocess.DEVNULL) == 0
        have_stilts = subprocess.call(["sh", "-c", "command -v stilts"], stdout=subprocess.DEVNULL) == 0
        # Each client's first call in a fresh process (what a scheduled script pays: JIT and tiering included) is the
        # measure; the same call again in that process shows the steady state, for the floor and for CadcPS alike.
        cmd, env = pwsh(FLOOR_CMDLET + twice("Write-FloorRow %d" % ROWS))
        floor, floor_warm = [], []
        for rep in range(REPS):
            _, mb, out = run(cmd, env)
            first, warm = calls(out)
            floor.append((first, mb))
            floor_warm.append((warm, mb))
            say("floor rep=%d s=%.3f warm_s=%.3f peak_mb=%.0f" % (rep + 1, first, warm, mb))
        for fmt in ("votable/b2", "votable/td"):
            say("## %s (%.0f MB)" % (fmt, os.path.getsize(os.path.join(folder, fmt.replace("/", "_") + ".xml")) / 1e6))
            rows = [("pipeline floor", floor, None)]
            measured = {"curl": [], "cadcps": [], "cadcps warm": [], "cadcps first row": [], "pyvo": [], "stilts": []}
            for rep in range(REPS):
                wall, mb, _ = run(curl(base, fmt, ROWS))
                measured["curl"].append((wall, mb))
                cmd, env = pwsh("Import-Module '%s'; " % MODULE + twice(
                    "Invoke-CadcTap '%s' -MaxRecords %d -ResponseFormat %s -Service %s -WarningAction SilentlyContinue" % (QUERY, ROWS, fmt, base)))
                _, mb, out = run(cmd, env)
                first, warm = calls(out, ROWS)
                measured["cadcps"].append((first, mb))
                measured["cadcps warm"].append((warm, mb))
                say("cadcps %s rep=%d s=%.3f warm_s=%.3f peak_mb=%.0f" % (fmt, rep + 1, first, warm, mb))
                # A fresh process's setup alone (command, connection, capabilities from the disk cache, row class): until
                # the first row is out. The rest of the first call's excess over the warm one is the rows' own path
                # being compiled and tiered up while they stream (the engine's and the module's).
                cmd, env = pwsh("Import-Module '%s'; " % MODULE + FIRST_ROW.format(
                    "Invoke-CadcTap '%s' -MaxRecords %d -ResponseFormat %s -Service %s -WarningAction SilentlyContinue" % (QUERY, ROWS, fmt, base)))
                _, mb, out = run(cmd, env)
                measured["cadcps first row"].append((float(field(out, "s")), mb))
                if have_pyvo:
                    _, mb, out = run([PYTHON, "-c", PYVO, base, QUERY, str(ROWS), fmt])
                    measured["pyvo"].append((float(field(out, "s")), mb))
                    say("pyvo %s rep=%d s=%s peak_mb=%.0f" % (fmt, rep + 1, field(out, "s"), mb))
                if have_stilts and fmt == "votable/b2":
                    wall, mb, out = run(["stilts", "tapquery", "tapurl=" + base, "adql=" + QUERY, "maxrec=%d" % ROWS,
                                         "sync=true", "omode=count"])
                    measured["stilts"].append((wall, mb))
                    say("stilts rep=%d s=%.3f peak_mb=%.0f %s" % (rep + 1, wall, mb, out.strip().replace("\n", " ")))
            rows += [("pipeline floor, warm", floor_warm, None), ("curl", measured["curl"], None),
                     ("cadcps", measured["cadcps"], "pipeline floor"), ("cadcps warm", measured["cadcps warm"], "pipeline floor, warm"),
                     ("cadcps first row (fresh process)", measured["cadcps first row"], None)]
            if measured["pyvo"]:
                rows.append(("pyvo", measured["pyvo"], "cadcps"))
            if measured["stilts"]:
                rows.append(("stilts (whole process, own format)", measured["stilts"], "cadcps"))
            table(rows)
            m = lambda v: median([x for x, _ in v])
            say("first call - warm call: cadcps %.3f s (first row out after %.3f s), pipeline floor %.3f s" % (
                m(measured["cadcps"]) - m(measured["cadcps warm"]), m(measured["cadcps first row"]), m(floor) - m(floor_warm)))
        say("goals: cadcps / pipeline floor <= 1.5x, cadcps peak < 200 MB, ahead of pyvo and STILTS (issue 19)")
    finally:
        server.terminate()


def export():
    base, server = start_replay(ROWS)
    out = os.path.join(RESULTS, "export-%d.xml" % ROWS)
    try:
        say("# export, %d rows of perf.big (BINARY2 from the replay server), %d reps, %d cpu" % (ROWS, REPS, os.cpu_count()))
        query = "Invoke-CadcTap '%s' -MaxRecords %d -ResponseFormat votable/b2 -Service %s" % (QUERY, ROWS, base)
        cases = [("rows to Measure-Object", TIMED.format(query))]
        for ser in ("TableData", "Binary2"):
            cases.append(("rows to Export-CadcVOTable -Serialization " + ser, TIMED.format(
                "(%s | Export-CadcVOTable '%s' -Serialization %s -Force -PassThru)" % (query, out, ser))))
        rows = []
        for label, script in cases:
            measured = []
            for rep in range(REPS):
                cmd, env = pwsh("Import-Module '%s'; " % MODULE + script)
                _, mb, text = run(cmd, env)
                measured.append((float(field(text, "s")), float(field(text, "ws_mb"))))
                say("%s rep=%d s=%s peak_ws_mb=%s file_mb=%.0f" % (label, rep + 1, field(text, "s"), field(text, "ws_mb"),
                                                                  os.path.getsize(out) / 1e6 if os.path.exists(out) and "Export" in label else 0))
            rows.append((label, measured, None if not rows else "rows to Measure-Object"))
        table(rows)
        say("goal: peak working set under 200 MB for %d rows exported (issue 20)" % ROWS)
    finally:
        server.terminate()
        if os.path.exists(out):
            os.remove(out)


if __name__ == "__main__":
    if not os.path.isfile(os.path.join(MODULE, "CadcPS.psd1")):
        raise SystemExit("build first: dotnet build Cadc.sln -c Release")
    {"fresh": fresh, "replay": replay, "export": export}[MODE]()
