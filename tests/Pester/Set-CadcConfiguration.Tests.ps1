#Requires -Version 5.1
# Pester 5 tests of Set-CadcConfiguration against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Before = Get-CadcConfiguration
}

AfterAll { Set-CadcConfiguration -TimeoutSec $script:Before.TimeoutSec -QueryTimeoutSec $script:Before.QueryTimeoutSec }

Describe 'Set-CadcConfiguration' {
    It 'sets both waits, 0 for no limit, and -PassThru shows them' {
        $c = Set-CadcConfiguration -TimeoutSec 90 -QueryTimeoutSec 0 -PassThru
        $c.TimeoutSec | Should -Be 90
        $c.QueryTimeoutSec | Should -Be 0
    }

    It 'keeps what it is not given' {
        Set-CadcConfiguration -TimeoutSec 20 -QueryTimeoutSec 700
        Set-CadcConfiguration -TimeoutSec 25
        (Get-CadcConfiguration).QueryTimeoutSec | Should -Be 700
    }

    It 'refuses a negative wait' {
        { Set-CadcConfiguration -TimeoutSec -1 -ErrorAction Stop } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        (Get-CadcConfiguration).TimeoutSec | Should -BeGreaterThan 0
    }

    It 'queries still work with the new defaults' {
        Set-CadcConfiguration -TimeoutSec 60 -QueryTimeoutSec 120
        @(Invoke-CadcTap 'SELECT TOP 2 obsID FROM caom2.Observation').Count | Should -Be 2
    }
}
