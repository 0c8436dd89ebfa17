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

    It 'gives the cutout URLs of the images around a position with -Cutout alone, as astroquery get_image_list' {
        $links = @(Get-CadcDataUrl -Cutout -Coordinates M31 -Radius 1arcmin)
        $images = @(Search-CadcRegion M31 -Radius 1arcmin -DataProductType image)
        $links.Count | Should -Be $images.Count
        $links.ID | Sort-Object | Should -Be ($images.publisherID | Sort-Object)
        $links.Semantics | Sort-Object -Unique | Should -Be '#cutout'
        $links.Url | ForEach-Object { $_ | Should -BeLike '*POS=CIRCLE%2010.684708%2041.26875%200.0166*' }
        # the same URLs as the documented Save-CadcImage -UrlOnly
        @(Save-CadcImage -Coordinates M31 -Radius 1arcmin -UrlOnly) | Sort-Object | Should -Be ($links.Url | Sort-Object)
    }

    It 'gives the cutouts of piped search rows and IDs with -Cutout, skipping what is not an image' {
        $rows = @(Search-CadcRegion M31 -Radius 0.05 -Collection GEMINI)
        $links = @($rows | Get-CadcDataUrl -Cutout -Coordinates M31 -WarningVariable warn -ErrorVariable err -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
        $err | Should -BeNullOrEmpty
        $warn.Count | Should -Be 1
        $links.ID | Should -Be @($rows | Where-Object dataProductType -eq image).publisherID
        $byId = @('ivo://cadc.nrc.ca/CFHT?1800000/1800000o' | Get-CadcDataUrl -Cutout -Coordinates '10.68 41.27' -Radius 30arcsec)
        $byId.Url | Should -BeLike '*POS=CIRCLE%2010.68%2041.27%200.00833*'
        $byId.FileName | Should -Match '^1800000o__cutout_10\.68\+41\.27_r30arcsec_[0-9a-f]{8}\.fits$'
    }
}
