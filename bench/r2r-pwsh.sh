#!/bin/bash
# A copy of the dotnet-tool pwsh with its assemblies compiled ReadyToRun, as Microsoft's own pwsh packages
# (deb/rpm/tar.gz/MSI/brew) ship them. The dotnet-tool build ships IL only, so a fresh process JIT-compiles
# thousands of engine methods (about 0.9 s to start, and PowerShell's pipeline runs at tier 0 for the whole
# first query); that is what most users do not pay. Benchmark use only: the tool's own install is not touched,
# nothing here is shipped with the module.
#   bash bench/r2r-pwsh.sh [DIR]   builds DIR (default bench/results/pwsh-r2r) once; prints the launcher's path.
#   PWSH=$(bash bench/r2r-pwsh.sh) bash bench/run fresh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bench/results/pwsh-r2r}
STORE=$(ls -d "$HOME"/.dotnet/tools/.store/powershell/*/powershell/*/tools/net*/any/unix | tail -1)
CROSSGEN=$(ls -d "$HOME"/.nuget/packages/microsoft.netcore.app.crossgen2.linux-x64/*/tools/crossgen2 | tail -1)
[ -x "$CROSSGEN" ] || { echo "r2r-pwsh: no crossgen2 (a Release build of Cadc.sln restores it)" >&2; exit 1; }
FRAMEWORK=$(dirname "$(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App 10\./ { v=$2; p=$3 } END { gsub(/[\[\]]/, "", p); print p "/" v "/System.Runtime.dll" }')")
LAUNCHER="$OUT/pwsh"
if [ ! -x "$LAUNCHER" ] || [ "$STORE/pwsh.dll" -nt "$LAUNCHER" ]; then
  rm -rf "$OUT.tmp"; mkdir -p "$OUT.tmp"
  cp -r "$STORE/." "$OUT.tmp/"
  # The engine and the assemblies a query's first call runs through; the rest stay IL (JIT on demand).
  for a in System.Management.Automation Microsoft.PowerShell.ConsoleHost Microsoft.PowerShell.Commands.Utility \
           Microsoft.PowerShell.Commands.Management Microsoft.PowerShell.Security Microsoft.PowerShell.CoreCLR.Eventing \
           Microsoft.Management.Infrastructure Newtonsoft.Json pwsh; do
    [ -f "$STORE/$a.dll" ] || continue
    "$CROSSGEN" "$STORE/$a.dll" -o "$OUT.tmp/$a.dll" -r "$FRAMEWORK/*.dll" -r "$STORE/*.dll" \
      --targetos linux --targetarch x64 -O >/dev/null
  done
  printf '#!/bin/sh\nexec dotnet "%s/pwsh.dll" "$@"\n' "$(cd "$OUT.tmp/.." && pwd)/$(basename "$OUT")" > "$OUT.tmp/pwsh"
  chmod +x "$OUT.tmp/pwsh"
  rm -rf "$OUT"; mv "$OUT.tmp" "$OUT"
fi
echo "$(cd "$OUT" && pwd)/pwsh"
