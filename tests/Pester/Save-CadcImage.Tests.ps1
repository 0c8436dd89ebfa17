#Requires -Version 5.1
# Pester 5 tests of Save-CadcImage against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
}

Describe 'Save-CadcImage' {
    BeforeEach { $script:Dir = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid())" }
    AfterEach { Remove-Item $Dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'saves whole files; the proprietary one fails alone' {
        $files = @(Search-CadcRegion '131.28125 54.3' -Collection CFHT | Save-CadcImage -Path $Dir -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
        $files.Count | Should -Be 3
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NotAuthenticated,*'
        @(Get-ChildItem $Dir -Filter *.part).Count | Should -Be 0
    }

    It 'saves cutouts that are FITS' {
        Search-CadcRegion '131.28125 54.3' -Collection CFHT | Save-CadcImage -Path $Dir -Coordinates '131.28125 54.3' -Radius 1arcmin -ErrorAction SilentlyContinue
        (Get-CadcFitsHeader (Join-Path $Dir '*__cutout.fits') -Keyword NAXIS | Select-Object -First 1).Value | Should -Be 2
    }

    It 'gives URLs with -UrlOnly and writes nothing with -WhatIf' {
        @(Search-CadcRegion '131.28125 54.3' -Collection CFHT | Save-CadcImage -Coordinates Nr3491_1 -UrlOnly).Count | Should -Be 4
        Search-CadcRegion '131.28125 54.3' -Collection CFHT | Save-CadcImage -Path $Dir -WhatIf
        Test-Path $Dir | Should -BeFalse
    }
}
