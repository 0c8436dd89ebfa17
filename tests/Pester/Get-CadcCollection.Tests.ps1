#Requires -Version 5.1
# Pester 5 tests of Get-CadcCollection and Get-CadcTable against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
}

Describe 'Get-CadcCollection' {
    It 'lists the collections with their bands' {
        $c = Get-CadcCollection
        $c.Collection | Should -Be @('CFHT', 'DAO', 'GEMINI', 'IRIS', 'JCMT', 'MOST')
        ($c | Where-Object Collection -eq CFHT).Bands | Should -Be @('Infrared', 'Optical')
    }

    It 'reports an unknown collection' {
        Get-CadcCollection NOSUCH -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CollectionNotFound,*'
    }
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
