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

    It 'cuts each piped plane around its own Coordinates' {
        $files = @(
            [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'; Coordinates = '131.28125 54.3' },
            [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?1000000/1000000o'; Coordinates = '352.768 5.4886' } |
                Save-CadcImage -Path $Dir -Radius 30arcsec -PassThru)
        $files.Count | Should -Be 2
        $files | ForEach-Object { $_.NAXIS | Should -Be 2 }
        $urls = @([pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?1000000/1000000o'; Coordinates = '352.768 5.4886'; Radius = '2arcmin' } | Save-CadcImage -UrlOnly)
        $urls[0] | Should -BeLike '*POS=CIRCLE%20352.768%205.4886%200.0333*'
    }

    It 'gives URLs with -UrlOnly and writes nothing with -WhatIf' {
        @(Search-CadcRegion '131.28125 54.3' -Collection CFHT | Save-CadcImage -Coordinates Nr3491_1 -UrlOnly).Count | Should -Be 4
        Search-CadcRegion '131.28125 54.3' -Collection CFHT | Save-CadcImage -Path $Dir -WhatIf
        Test-Path $Dir | Should -BeFalse
    }
}
