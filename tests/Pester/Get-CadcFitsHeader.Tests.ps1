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

    It 'gives one header object per HDU with -AsHeader, keyed by keyword like astropy getheader' {
        $cards = @(Get-CadcFitsHeader $Cutout)
        $h = @(Get-CadcFitsHeader $Cutout -AsHeader)
        $h.Count | Should -Be 1
        $h[0].PSObject.TypeNames[0] | Should -Be 'CadcPS.FitsHeader'
        $h[0].Path | Should -Be $cards[0].Path
        $h[0].HDU | Should -Be 0
        $h[0].Keywords | Should -BeOfType [System.Collections.Specialized.OrderedDictionary]
        $h[0].Keywords.OBJECT | Should -Be 'SA 110'
        $h[0].Keywords.EXPTIME | Should -Be 2.046
        $h[0].Keywords['naxis1'] | Should -Be 101
        # in header order, each keyword once; COMMENT and HISTORY with all their lines
        $keys = @($cards.Keyword | Where-Object { $_ } | Select-Object -Unique)
        @($h[0].Keywords.Keys) | Should -Be $keys
        $h[0].Keywords.HISTORY | Should -Be @($cards | Where-Object Keyword -eq HISTORY | ForEach-Object Value)
        @($h[0].Keywords.COMMENT).Count | Should -Be 71
        # every card, with its comment
        $h[0].Cards.Count | Should -Be $cards.Count
        ($h[0].Cards | Where-Object Keyword -eq EXPTIME).Comment | Should -Be ($cards | Where-Object Keyword -eq EXPTIME).Comment
        # -Keyword and -Extension as for cards; the default view: a row per HDU under its file
        (Get-CadcFitsHeader $Cutout -AsHeader -Keyword OBJECT, EXPTIME).Keywords.Keys | Should -Be 'OBJECT', 'EXPTIME'
        @(Get-CadcFitsHeader $Cutout -AsHeader -Extension 1).Count | Should -Be 0
        $text = $h | Out-String -Width 120
        $text | Should -Match ([regex]::Escape("File: $($cards[0].Path)"))
        $h[0].Name | Should -Be 'ccd10'
        $text | Should -Match "\s0 PRIMARY\s+ccd10\s+16\s+101 x 101\s+$($cards.Count)"
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
