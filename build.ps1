#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages CadcPS. The README's test command is ./build.ps1 -Task Test; CI (.ci/run) runs it too.
.DESCRIPTION
    Build   : dotnet build Cadc.sln -c Release  -> out/CadcPS, the importable module folder.
    Test    : every test: the xunit suites (engine tests import out/CadcPS), then tests/Pester in this pwsh.
              Results in TestResults/ (trx, pester.xml). Needs Pester 5 and the CADC sandbox: bash tools/bootstrap.sh.
    Package : out/CadcPS.<version>.zip, the module folder ready to copy into a module path.
.EXAMPLE
    ./build.ps1                 # build
.EXAMPLE
    ./build.ps1 -Task Build, Test, Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
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
            $pester = Invoke-Pester -Configuration $c
            $pesterFailed = $pester.Result -ne 'Passed'
            if ($xunitFailed -or $pesterFailed) {
                throw "Tests failed: xunit $(if ($xunitFailed) { 'failed' } else { 'passed' }), Pester $($pester.Result) ($($pester.FailedCount) failed)."
            }
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
