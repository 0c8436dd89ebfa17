#Requires -Version 5.1
# Pester 5 tests of Get-CadcFitsHeader on a real CADC cutout from ../shared/fixtures.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Cutout = Join-Path $RepoRoot '../shared/fixtures/astroquery/astroquery/cadc/tests/data/query_images.fits'
    if (-not (Test-Path $Cutout)) { throw "fixture missing: $Cutout" }
}

Describe 'Get-CadcFitsHeader' {
    It 'reads typed keywords' {
        $h = Get-CadcFitsHeader $Cutout -Keyword OBJECT, EXPTIME, NAXIS1
        ($h | Where-Object Keyword -eq OBJECT).Value | Should -Be 'SA 110'
        ($h | Where-Object Keyword -eq EXPTIME).Value | Should -Be 2.046
        ($h | Where-Object Keyword -eq NAXIS1).Value | Should -BeOfType [long]
    }

    It 'takes files from the pipeline' {
        @(Get-Item $Cutout | Get-CadcFitsHeader -Keyword OBJECT).Count | Should -Be 1
    }

    It 'reports a file that is not FITS' {
        $bad = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid()).fits"
        try {
            'not fits' | Set-Content $bad
            Get-CadcFitsHeader $bad -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidFits,*'
        }
        finally { Remove-Item $bad -ErrorAction SilentlyContinue }
    }
}
