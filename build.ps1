<#
.SYNOPSIS
    Builds, tests and packages CadcPS. The README's test command is ./build.ps1 -Task Test; CI (.ci/run) runs it too.
.DESCRIPTION
    Build   : dotnet build Cadc.sln -c Release  -> out/CadcPS, the importable module folder (help included).
    Test    : every test: the xunit suites (engine tests import out/CadcPS), then tests/Pester in this pwsh.
              Results in TestResults/ (trx, pester.xml). Needs Pester 5 and the CADC sandbox: bash tools/bootstrap.sh.
    Package : out/packages/CadcPS.<version>.nupkg, the package the PowerShell Gallery takes, made by
              Publish-PSResource from out/CadcPS as built (built first in Release when it is missing or holds
              another configuration's build, so name Build too after changing the source). Needs
              Microsoft.PowerShell.PSResourceGet (part of PowerShell 7.4+). out/packages is a folder repository
              for Install-PSResource; the temporary registration the publish needs is removed again, whatever happens.
    UpdateHelp : rewrites the generated parts of docs/en-US/*.md (SYNTAX, the parameters' yaml, sections
              for new parameters) from the built cmdlets, then writes out/CadcPS/en-US. The build itself
              only checks them, and fails when the markdown and the cmdlets disagree.
.PARAMETER Task
    One or more of Build, Test, Package, UpdateHelp, Clean, run in the order given. Default: Build.
.PARAMETER Configuration
    The dotnet build configuration. Default: Release. Every configuration lays out out/CadcPS; the last build wins.
.EXAMPLE
    ./build.ps1                 # build
.EXAMPLE
    ./build.ps1 -Task Build, Test, Package
.EXAMPLE
    ./build.ps1 -Task Build, Package
    Register-PSResourceRepository -Name CadcPSLocal -Uri ./out/packages -Trusted
    Install-PSResource CadcPS -Repository CadcPSLocal     # as from the Gallery, but this build
.EXAMPLE
    ./build.ps1 -Task UpdateHelp      # after adding or changing a parameter; then write its description
#>
#Requires -Version 5.1
# (#Requires after the help block: above it, Get-Help ./build.ps1 finds no help.)
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean', 'UpdateHelp')]
    [string[]] $Task = @('Build'),
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$module = Join-Path $PSScriptRoot 'out/CadcPS'

function Invoke-Native([string] $File, [string[]] $Arguments) {
    Write-Host "+ $File $($Arguments -join ' ')"
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File failed with exit code $LASTEXITCODE" }
}

# PSResourceGet keeps repository registrations in one per-user file and has no setting to point it
# elsewhere, so the folder is registered under a unique name for the publish only.
function Publish-ModulePackage([string] $ModuleFolder, [string] $Destination) {
    if (-not (Get-Command Publish-PSResource -ErrorAction SilentlyContinue)) {
        throw 'Package needs Microsoft.PowerShell.PSResourceGet: part of PowerShell 7.4+; on Windows PowerShell, Install-Module Microsoft.PowerShell.PSResourceGet.'
    }
    $data = Import-PowerShellDataFile (Join-Path $ModuleFolder 'CadcPS.psd1')
    $version = $data.ModuleVersion
    if ($data.PrivateData.PSData.Prerelease) { $version += '-' + $data.PrivateData.PSData.Prerelease }
    $nupkg = Join-Path $Destination "CadcPS.$version.nupkg"
    $null = New-Item -ItemType Directory -Force $Destination
    Remove-Item $nupkg -ErrorAction SilentlyContinue  # a folder repository refuses a version it holds
    $name = 'CadcPS-build-' + [guid]::NewGuid().ToString('N')
    Register-PSResourceRepository -Name $name -Uri $Destination -Trusted
    try { Publish-PSResource -Path $ModuleFolder -Repository $name }
    finally { Unregister-PSResourceRepository -Name $name }
    if (-not (Test-Path $nupkg)) { throw "Publish-PSResource did not write $nupkg" }
    $nupkg
}

foreach ($t in $Task) {
    switch ($t) {
        'Clean' {
            Remove-Item -Recurse -Force (Join-Path $PSScriptRoot 'out'), (Join-Path $PSScriptRoot 'TestResults') -ErrorAction SilentlyContinue
            Invoke-Native dotnet @('clean', 'Cadc.sln', '-c', $Configuration, '-nologo', '-v', 'quiet')
        }
        'Build' {
            Invoke-Native dotnet @('build', 'Cadc.sln', '-c', $Configuration, '-nologo')
            Write-Host "Module folder: $module"
        }
        'Test' {
            # Every test, as CI runs them: the xunit suites (the engine tests import out/CadcPS as built),
            # then tests/Pester in this pwsh. Both always run; the task fails when either has a failure.
            if (-not $env:CADC_REGISTRY_URL) { $env:CADC_REGISTRY_URL = 'http://127.0.0.1:8090/reg/resource-caps' }
            $results = Join-Path $PSScriptRoot 'TestResults'
            Remove-Item -Recurse -Force $results -ErrorAction SilentlyContinue
            Write-Host "+ dotnet test Cadc.sln -c $Configuration"
            & dotnet test Cadc.sln -c $Configuration --logger 'console;verbosity=normal' --logger trx --results-directory $results
            $xunitFailed = $LASTEXITCODE -ne 0
            if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge ([version]'5.0'))) {
                throw 'Pester 5 is not installed: run bash tools/bootstrap.sh (or Install-PSResource Pester).'
            }
            Import-Module Pester -MinimumVersion 5.0
            $c = New-PesterConfiguration
            $c.Run.Path = Join-Path $PSScriptRoot 'tests/Pester'
            $c.Run.PassThru = $true
            $c.Output.Verbosity = 'Detailed'
            $c.TestResult.Enabled = $true
            $c.TestResult.OutputFormat = 'JUnitXml'
            $c.TestResult.OutputPath = Join-Path $results 'pester.xml'
            # Pester's own cache folder (registry and capabilities documents, saved-file records), for this run only: the
            # user's stays as it was (the xunit suites make theirs: tests/TestCacheFolder.cs).
            $userCache = $env:CADCPS_CACHE
            $env:CADCPS_CACHE = $testCache = Join-Path ([IO.Path]::GetTempPath()) ('CadcPS.TestCache.' + [guid]::NewGuid().ToString('N'))
            try { $pester = Invoke-Pester -Configuration $c }
            finally {
                $env:CADCPS_CACHE = $userCache
                Remove-Item -Recurse -Force $testCache -ErrorAction SilentlyContinue
            }
            $pesterFailed = $pester.Result -ne 'Passed'
            if ($xunitFailed -or $pesterFailed) {
                throw "Tests failed: xunit $(if ($xunitFailed) { 'failed' } else { 'passed' }), Pester $($pester.Result) ($($pester.FailedCount) failed)."
            }
        }
        'UpdateHelp' {
            # The generator imports out/CadcPS as the Release build lays it out.
            Invoke-Native dotnet @('build', 'Cadc.sln', '-c', 'Release', '-nologo', '-p:SkipModuleHelp=true')
            Invoke-Native dotnet @((Join-Path $PSScriptRoot 'tools/CadcPS.HelpGen/bin/Release/net10.0/CadcPS.HelpGen.dll'), '--update-markdown')
        }
        'Package' {
            # Every configuration lays out out/CadcPS, but only a Release build is shipped.
            $laidOut = Join-Path $module 'CadcPS.dll'
            $release = Join-Path $PSScriptRoot 'src/CadcPS/bin/Release/netstandard2.0/CadcPS.dll'
            if (-not (Test-Path (Join-Path $module 'CadcPS.psd1')) -or -not (Test-Path $laidOut) -or -not (Test-Path $release) -or
                (Get-FileHash $laidOut).Hash -ne (Get-FileHash $release).Hash) {
                Invoke-Native dotnet @('build', 'Cadc.sln', '-c', 'Release', '-nologo')
            }
            $nupkg = Publish-ModulePackage -ModuleFolder $module -Destination (Join-Path $PSScriptRoot 'out/packages')
            Write-Host "Package: $nupkg"
        }
    }
}
