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

    It 'reads files whose names hold wildcard characters: -LiteralPath, and piped from Get-ChildItem' {
        $dir = Join-Path $TestDrive 'brackets'
        New-Item -ItemType Directory $dir | Out-Null
        # a1.fits would match the wildcard a[1].fits: it must not be read in its place.
        Copy-Item $Cutout (Join-Path $dir 'a[1].fits')
        Set-Content (Join-Path $dir 'a1.fits') 'not fits'
        $literal = Join-Path $dir 'a[1].fits'
        (Get-CadcFitsHeader -LiteralPath $literal -Keyword OBJECT).Value | Should -Be 'SA 110'
        $piped = @(Get-ChildItem -LiteralPath $literal | Get-CadcFitsHeader -Keyword OBJECT -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -BeNullOrEmpty
        $piped.Count | Should -Be 1
        $piped[0].Path | Should -Be $literal
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
