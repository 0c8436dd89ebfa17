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

    It 'searches and cuts out the images around a position in one call, as astroquery get_images' {
        $files = @(Save-CadcImage -Coordinates M31 -Radius 1arcmin -Collection CFHT -Path $Dir -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
        # get_images keeps dataProductType 'image': the image planes a search by hand finds; the proprietary one fails alone
        $images = @(Search-CadcRegion M31 -Radius 1arcmin -Collection CFHT -DataProductType image)
        $images.Count | Should -Be 3
        $files.Count | Should -Be 2
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NotAuthenticated,*'
        $files.Name | ForEach-Object { $_ | Should -Match '^\d+[op]__cutout_10\.68471\+41\.26875_r60arcsec_[0-9a-f]{8}\.fits$' }
        $files | ForEach-Object { $_.NAXIS | Should -Be 2 }
    }

    It 'skips the planes that are not images with one warning, not an error each' {
        $rows = @(Search-CadcRegion M31 -Radius 0.05)
        $notImages = @($rows | Where-Object dataProductType -ne 'image').Count
        $notImages | Should -BeGreaterThan 1
        $urls = @($rows | Save-CadcImage -Coordinates M31 -Radius 1arcmin -UrlOnly -WarningVariable warn -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $err | Should -BeNullOrEmpty
        $warn.Count | Should -Be 1
        $warn[0].Message | Should -Match "^Skipped $notImages planes that are not images \(.*spectrum"
        $urls.Count | Should -Be ($rows.Count - $notImages)
    }

    It 'names in -WhatIf the very files it then saves (<name>)' -ForEach @(
        @{ name = 'whole files'; extra = '' }
        @{ name = 'cutouts'; extra = "-Coordinates '131.28125 54.3' -Radius 1arcmin" }
    ) {
        $command = "Import-Module '$ModuleManifest'; Search-CadcRegion '131.28125 54.3' -Collection CFHT | Save-CadcImage -Path '$Dir' $extra"
        $whatIf = & $PwshPath -NoProfile -NonInteractive -Command "$command -WhatIf -ErrorAction SilentlyContinue"
        Test-Path $Dir | Should -BeFalse
        $named = @($whatIf | Where-Object { $_ -like 'What if:*' } | ForEach-Object { [regex]::Match($_, 'on target "(?<p>[^"]+)"').Groups['p'].Value })
        $named.Count | Should -Be 4
        $named | ForEach-Object { Split-Path $_ -Parent | Should -Be $Dir }
        $null = Invoke-Expression "$command -ErrorAction SilentlyContinue"
        $saved = @(Get-ChildItem $Dir -File | ForEach-Object FullName)
        $saved.Count | Should -Be 3
        $saved | ForEach-Object { $named | Should -Contain $_ }
    }

    It 'ends with how many files it saved, skipped and failed, on the verbose stream only' {
        $run = { Search-CadcRegion '131.28125 54.3' -Collection CFHT | Save-CadcImage -Path $Dir -Verbose -ErrorAction SilentlyContinue }
        $first = @(& $run 4>&1)
        $first.Where({ $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        @($first.Where({ $_ -is [System.Management.Automation.VerboseRecord] }))[-1].Message | Should -BeExactly "Save-CadcImage: 3 saved, 0 skipped (already present), 1 failed, in $Dir."
        $again = @(& $run 4>&1)
        @($again.Where({ $_ -is [System.Management.Automation.VerboseRecord] }))[-1].Message | Should -BeExactly "Save-CadcImage: 0 saved, 3 skipped (already present), 1 failed, in $Dir."
    }
}
