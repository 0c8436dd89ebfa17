#!/bin/bash
# Everything CadcPS needs to build, run and test on a fresh Debian/Ubuntu machine with the .NET SDK, as root:
#   - PowerShell 7.6.9 as the .NET global tool (~/.dotnet/tools/pwsh): the shell users run the module in;
#   - Pester 5.7.1 (from NuGet) in the current user's PowerShell module folder, for tests/Pester;
#   - the CADC sandbox (tests/sandbox/setup.sh): a real TAP/DataLink/SODA service on loopback;
#   - Debian's python3-astropy and stilts: independent VOTable readers the tests hand exported files to.
# Idempotent: on a ready machine it only checks and (re)starts the sandbox, in seconds.
#   SKIP_SANDBOX=1  only the PowerShell tools
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PWSH_VERSION=7.6.9
PESTER_VERSION=5.7.1
TOOLS="$HOME/.dotnet/tools"
PWSH="$TOOLS/pwsh"

command -v dotnet >/dev/null || { echo "bootstrap: the .NET SDK (dotnet) is required" >&2; exit 1; }

# PowerShell: the global tool at exactly the version the project tests with.
if [ ! -x "$PWSH" ] || [ "$("$PWSH" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null)" != "$PWSH_VERSION" ]; then
  if dotnet tool list --global | grep -qi '^powershell '; then
    dotnet tool update --global PowerShell --version "$PWSH_VERSION"
  else
    dotnet tool install --global PowerShell --version "$PWSH_VERSION"
  fi
fi
echo "bootstrap: pwsh $("$PWSH" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()') at $PWSH"

# Pester: a NuGet package whose tools/ folder is the module; restored by a throwaway project.
modules=$("$PWSH" -NoProfile -NonInteractive -Command '($env:PSModulePath -split [IO.Path]::PathSeparator)[0]')
if [ ! -f "$modules/Pester/$PESTER_VERSION/Pester.psd1" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cat > "$work/pester.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
EOF
  dotnet restore "$work/pester.csproj" --packages "$work/packages" -v quiet
  mkdir -p "$modules/Pester"
  rm -rf "$modules/Pester/$PESTER_VERSION"
  cp -r "$work/packages/pester/$PESTER_VERSION/tools" "$modules/Pester/$PESTER_VERSION"
fi
echo "bootstrap: Pester $PESTER_VERSION in $modules/Pester/$PESTER_VERSION"

# Independent readers of the VOTables CadcPS writes (tests/Pester/Export-CadcVOTable.Tests.ps1): astropy and STILTS.
if ! /usr/bin/python3 -c 'import astropy.io.votable' 2>/dev/null || ! command -v stilts >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-astropy stilts >/dev/null
fi
echo "bootstrap: astropy $(/usr/bin/python3 -c 'import astropy; print(astropy.__version__)'), $(command -v stilts)"

if [ "${SKIP_SANDBOX:-0}" != 1 ]; then
  bash "$ROOT/tests/sandbox/setup.sh"
fi
