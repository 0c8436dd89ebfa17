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
        (Get-CadcFitsHeader (Join-Path $Dir '*__cutout_*.fits') -Keyword NAXIS | Select-Object -First 1).Value | Should -Be 2
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

    It 'never replaces a file it cannot tell is the same without -Force' {
        $id = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'
        $file = $id | Save-CadcImage -Path $Dir -PassThru
        [IO.File]::WriteAllText($file.FullName, 'mine')
        $id | Save-CadcImage -Path $Dir -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content $file.FullName | Should -Be 'mine'
        $id | Save-CadcImage -Path $Dir -Force
        (Get-Item $file.FullName).Length | Should -Be 60480
    }

    It 'names a cutout by its plane and circle, the same on every run' {
        $a = '131.28125 54.3', '131.3 54.31' | ForEach-Object {
            [pscustomobject]@{ PublisherId = 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'; Coordinates = $_ } | Save-CadcImage -Path $Dir -Radius 1arcmin -PassThru
        }
        @($a.Name | Select-Object -Unique).Count | Should -Be 2
        $a[0].Name | Should -Match '^2376543o__cutout_131\.28125\+54\.3_r60arcsec_[0-9a-f]{8}\.fits$'
        ('ivo://cadc.nrc.ca/CFHT?2376543/2376543o' | Save-CadcImage -Path $Dir -Coordinates '131.28125 54.3' -Radius 1arcmin -Force -PassThru).Name | Should -Be $a[0].Name
    }

    It 'gives URLs with -UrlOnly and writes nothing with -WhatIf' {
        @(Search-CadcRegion '131.28125 54.3' -Collection CFHT | Save-CadcImage -Coordinates Nr3491_1 -UrlOnly).Count | Should -Be 4
        Search-CadcRegion '131.28125 54.3' -Collection CFHT | Save-CadcImage -Path $Dir -WhatIf
        Test-Path $Dir | Should -BeFalse
    }
}
