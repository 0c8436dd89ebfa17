#Requires -Version 5.1
# Pester 5 tests of Get-CadcDataUrl against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
}

Describe 'Get-CadcDataUrl' {
    It 'gives the files of search results' {
        $links = @(Search-CadcRegion '131.28125 54.3' -Collection CFHT | Get-CadcDataUrl)
        $links.Count | Should -Be 4
        $links.Semantics | Sort-Object -Unique | Should -Be '#this'
    }

    It 'adds previews with -IncludeAuxiliaries' {
        (Search-CadcRegion '131.28125 54.3' -Collection CFHT | Get-CadcDataUrl -IncludeAuxiliaries).Semantics | Should -Contain '#preview'
    }

    It 'reports an unknown id and goes on' {
        $links = @('ivo://nosuch/x?y', 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o' | Get-CadcDataUrl -ErrorVariable err -ErrorAction SilentlyContinue)
        $links.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DataLinkIdError,*'
    }
}
