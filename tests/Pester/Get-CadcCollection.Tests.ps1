#Requires -Version 5.1
# Pester 5 tests of Get-CadcCollection against the CADC sandbox.

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
