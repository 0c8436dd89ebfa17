#Requires -Version 5.1
# Pester 5 tests of Get-CadcTable against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
}

Describe 'Get-CadcTable' {
    It 'lists tables' {
        (Get-CadcTable -Schema caom2).Name | Should -Contain 'caom2.plane'
    }

    It 'describes the columns of a table' {
        $col = Get-CadcTable caom2.Plane | Where-Object Name -eq 'time_bounds'
        $col.Datatype | Should -Be 'double'
        $col.Unit | Should -Be 'd'
    }

    It 'reports an unknown table' {
        Get-CadcTable caom2.NoSuch -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TableNotFound,*'
    }
}
