# Shared setup for the Pester tests: import the module folder exactly as shipped (out/CadcPS, made by
# `dotnet build Cadc.sln -c Release`) and point the session at the project's CADC sandbox
# (tests/sandbox/setup.sh) through its loopback registry.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/CadcPS/CadcPS.psd1'
if (-not (Test-Path $script:ModuleManifest)) { throw "out/CadcPS not built: run 'dotnet build Cadc.sln -c Release' first." }
if (-not $env:CADC_REGISTRY_URL) { $env:CADC_REGISTRY_URL = 'http://127.0.0.1:8090/reg/resource-caps' }
$script:SandboxTap = 'http://127.0.0.1:8089/tap'
Import-Module $script:ModuleManifest -Force
# The pwsh running these tests, to start new processes of it (a dotnet tool's process is 'dotnet', not pwsh).
$script:PwshPath = @((Join-Path $PSHOME 'pwsh.exe'), (Join-Path $PSHOME 'pwsh')).Where({ Test-Path $_ -PathType Leaf }, 'First')[0]
if (-not $script:PwshPath) { $script:PwshPath = (Get-Command pwsh -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source }

function Assert-SandboxUp {
    try { $null = Invoke-WebRequest -Uri $env:CADC_REGISTRY_URL -UseBasicParsing -TimeoutSec 10 }
    catch { throw "The CADC sandbox registry does not answer at $($env:CADC_REGISTRY_URL): run 'bash tests/sandbox/setup.sh'." }
}
