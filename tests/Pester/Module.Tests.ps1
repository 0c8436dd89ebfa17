#Requires -Version 5.1
# Pester 5 tests of the module as shipped: manifest, exports, help.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'CadcPS module' {
    It 'has a valid manifest for Desktop and Core editions' {
        $m = Test-ModuleManifest $ModuleManifest
        $m.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
        $m.PowerShellVersion | Should -Be ([version]'5.1')
        $m.ExportedCmdlets.Keys | Should -Contain 'Invoke-CadcTap'
    }

    It 'exports exactly its cmdlets' {
        (Get-Command -Module CadcPS).Name | Sort-Object | Should -Be @('Connect-Cadc', 'ConvertTo-CadcVOTable', 'Disconnect-Cadc', 'Export-CadcVOTable', 'Get-CadcCollection', 'Get-CadcColumn', 'Get-CadcConfiguration', 'Get-CadcDataUrl', 'Get-CadcFitsHeader', 'Get-CadcJob', 'Get-CadcSession', 'Get-CadcTable', 'Import-CadcVOTable', 'Invoke-CadcTap', 'Receive-CadcJob', 'Remove-CadcJob', 'Save-CadcImage', 'Search-CadcRegion', 'Search-CadcTarget', 'Set-CadcConfiguration', 'Stop-CadcJob', 'Wait-CadcJob')
    }

    It 'has help with examples for <_>' -ForEach @('Connect-Cadc', 'ConvertTo-CadcVOTable', 'Disconnect-Cadc', 'Export-CadcVOTable', 'Get-CadcCollection', 'Get-CadcColumn', 'Get-CadcConfiguration', 'Get-CadcDataUrl', 'Get-CadcFitsHeader', 'Get-CadcJob', 'Get-CadcSession', 'Get-CadcTable', 'Import-CadcVOTable', 'Invoke-CadcTap', 'Receive-CadcJob', 'Remove-CadcJob', 'Save-CadcImage', 'Search-CadcRegion', 'Search-CadcTarget', 'Set-CadcConfiguration', 'Stop-CadcJob', 'Wait-CadcJob') {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 3
    }

    It 'does not ship System.Management.Automation.dll' {
        Get-ChildItem (Split-Path $ModuleManifest) -Recurse -Filter System.Management.Automation.dll | Should -BeNullOrEmpty
    }

    It 'refuses to import, saying what is missing, when a copy lacks lib/' {
        # Such a copy used to import, then kill pwsh with a stack overflow at its first query.
        $copy = Join-Path $TestDrive 'CadcPS'
        Copy-Item (Split-Path $ModuleManifest) $copy -Recurse
        Remove-Item (Join-Path $copy 'lib') -Recurse -Force
        $out = & $PwshPath -NoProfile -NonInteractive -Command "Import-Module '$copy' -ErrorAction Stop; Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation'" 2>&1
        $LASTEXITCODE | Should -Be 1
        "$out" | Should -Match 'CadcPS is incomplete: .*Cadc\.Core\.dll is missing'
    }
}
