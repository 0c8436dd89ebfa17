#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages CadcPS (for pwsh users; CI and machines without pwsh use dotnet directly).
.DESCRIPTION
    Build   : dotnet build Cadc.sln -c Release  -> out/CadcPS, the importable module folder.
    Test    : the xunit suites (engine tests import out/CadcPS) and, with Pester 5, tests/Pester.
              Both need the CADC sandbox: bash tests/sandbox/setup.sh (Linux, as root).
    Package : out/CadcPS.<version>.zip, the module folder ready to copy into a module path.
    UpdateHelp : rewrites the generated parts of docs/en-US/*.md (SYNTAX, the parameters' yaml, sections
              for new parameters) from the built cmdlets, then writes out/CadcPS/en-US. The build itself
              only checks them, and fails when the markdown and the cmdlets disagree.
.EXAMPLE
    ./build.ps1                 # build
.EXAMPLE
    ./build.ps1 -Task Build, Test, Package
.EXAMPLE
    ./build.ps1 -Task UpdateHelp      # after adding or changing a parameter; then write its description
#>
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

foreach ($t in $Task) {
    switch ($t) {
        'Clean' {
            Remove-Item -Recurse -Force (Join-Path $PSScriptRoot 'out'), (Join-Path $PSScriptRoot 'TestResults') -ErrorAction SilentlyContinue
            Invoke-Native dotnet @('clean', 'Cadc.sln', '-c', $Configuration, '-nologo', '-v', 'quiet')
        }
        'Build' {
            if ($Configuration -ne 'Release') { Write-Warning 'out/CadcPS is laid out by Release builds only.' }
            Invoke-Native dotnet @('build', 'Cadc.sln', '-c', $Configuration, '-nologo')
            Write-Host "Module folder: $module"
        }
        'Test' {
            if (-not $env:CADC_REGISTRY_URL) { $env:CADC_REGISTRY_URL = 'http://127.0.0.1:8090/reg/resource-caps' }
            Invoke-Native dotnet @('test', 'Cadc.sln', '-c', $Configuration, '--logger', 'trx', '--results-directory', 'TestResults')
            if (Get-Module -ListAvailable Pester | Where-Object Version -ge ([version]'5.0')) {
                Import-Module Pester -MinimumVersion 5.0
                $c = New-PesterConfiguration
                $c.Run.Path = Join-Path $PSScriptRoot 'tests/Pester'
                $c.Run.Throw = $true
                $c.Output.Verbosity = 'Detailed'
                Invoke-Pester -Configuration $c
            }
            else { Write-Warning 'Pester 5 is not installed: tests/Pester skipped (Install-Module Pester -MinimumVersion 5.0).' }
        }
        'UpdateHelp' {
            # Release: only Release builds lay out out/CadcPS, which the generator imports.
            Invoke-Native dotnet @('build', 'Cadc.sln', '-c', 'Release', '-nologo', '-p:SkipModuleHelp=true')
            Invoke-Native dotnet @((Join-Path $PSScriptRoot 'tools/CadcPS.HelpGen/bin/Release/net10.0/CadcPS.HelpGen.dll'), '--update-markdown')
        }
        'Package' {
            $version = (Import-PowerShellDataFile (Join-Path $module 'CadcPS.psd1')).ModuleVersion
            $zip = Join-Path $PSScriptRoot "out/CadcPS.$version.zip"
            Remove-Item $zip -ErrorAction SilentlyContinue
            Compress-Archive -Path $module -DestinationPath $zip
            Write-Host "Package: $zip"
        }
    }
}
