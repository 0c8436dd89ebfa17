#Requires -Version 5.1
# Pester 5 tests of Get-CadcConfiguration (no service needed).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Get-CadcConfiguration' {
    It 'shows the default waits of a new runspace: 30 s, and 600 s for a query (CADC executionDuration)' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'; Get-CadcConfiguration")
            $c = $ps.Invoke() | Select-Object -First 1
            $c.TimeoutSec | Should -Be 30
            $c.QueryTimeoutSec | Should -Be 600
        }
        finally { $ps.Dispose() }
    }

    It 'shows what Set-CadcConfiguration set' {
        $before = Get-CadcConfiguration
        try {
            Set-CadcConfiguration -TimeoutSec 45
            (Get-CadcConfiguration).TimeoutSec | Should -Be 45
            (Get-CadcConfiguration).QueryTimeoutSec | Should -Be $before.QueryTimeoutSec
        }
        finally { Set-CadcConfiguration -TimeoutSec $before.TimeoutSec }
    }
}
