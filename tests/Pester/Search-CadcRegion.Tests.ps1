#Requires -Version 5.1
# Pester 5 tests of Search-CadcRegion against the CADC sandbox (tests/sandbox).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
}

Describe 'Search-CadcRegion' {
    It 'finds the 4 good planes of Nr3491_1 in CFHT, never the junk one' {
        $rows = @(Search-CadcRegion '08h45m07.5s +54d18m00s' -Collection CFHT)
        $rows.Count | Should -Be 4
        $rows.target_name | Sort-Object -Unique | Should -Be 'Nr3491_1'
        $rows.quality_flag | Should -Not -Contain 'junk'
    }

    It 'accepts <_>' -ForEach @('131.28125 54.3', '08:45:07.5 +54:18:00', 'Nr3491_1') {
        @(Search-CadcRegion $_ -Collection CFHT).Count | Should -Be 4
    }

    It 'converts Galactic coordinates to ICRS' {
        @(Search-CadcRegion '163.6584099532788 38.132594105230744' -Frame Galactic -Collection CFHT).Count | Should -Be 4
    }

    It 'resolves object names' {
        (Search-CadcRegion Andromeda -Radius 0.1 -AsQuery) | Should -Match "CIRCLE\('ICRS', 10\.684708, 41\.26875, 0\.1\)"
    }

    It 'binds RA/Dec from piped objects' {
        $rows = @([pscustomobject]@{ ra = 131.28125; dec = 54.3 } | Search-CadcRegion -Collection CFHT)
        $rows.Count | Should -Be 4
    }

    It 'gives <id> for <arg>' -ForEach @(
        @{ arg = '400 20'; radius = '1arcmin'; id = 'InvalidCoordinates' }
        @{ arg = '10 20'; radius = '0'; id = 'InvalidRadius' }
        @{ arg = 'No Such Object 42'; radius = '1arcmin'; id = 'TargetNotResolved' }
    ) {
        Search-CadcRegion $arg -Radius $radius -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike "$id,*"
    }

    It 'says which target of a CSV each row is for, and how far (arcsec), with only a name column' {
        $csv = Join-Path ([IO.Path]::GetTempPath()) "cadcps-targets-$([guid]::NewGuid()).csv"
        try {
            "name`nM31`nNr3491_1" | Set-Content $csv
            $rows = @(Import-Csv $csv | Search-CadcRegion -Radius 0.05)
            @($rows | Where-Object SearchTarget -eq 'M31').Count | Should -Be @(Search-CadcRegion M31 -Radius 0.05).Count
            @($rows | Where-Object SearchTarget -eq 'Nr3491_1').Count | Should -Be 5
            $rows.SeparationArcsec | ForEach-Object { $_ | Should -BeOfType [double] }
            # Nr3491_1's own CFHT planes are centred on it
            ($rows | Where-Object { $_.SearchTarget -eq 'Nr3491_1' -and $_.collection -eq 'CFHT' }).SeparationArcsec | ForEach-Object { $_ | Should -BeLessThan 60 }
        }
        finally { Remove-Item $csv -ErrorAction SilentlyContinue }
    }

    It 'describes the added columns as the service its own: unit, UCD, and in an exported VOTable' {
        $rows = @(Search-CadcRegion Nr3491_1 -Radius 0.05)
        $col = Get-CadcColumn -InputObject $rows[0] | Where-Object Name -eq SeparationArcsec
        $col.Unit | Should -Be 'arcsec'
        $col.Ucd | Should -Be 'pos.angDistance'
        $file = Join-Path ([IO.Path]::GetTempPath()) "cadcps-sep-$([guid]::NewGuid()).xml"
        try {
            $rows | Export-CadcVOTable -Path $file
            $back = @(Import-CadcVOTable $file)
            $back[0].SearchTarget | Should -Be 'Nr3491_1'
            $back[0].SeparationArcsec | Should -BeOfType [double]
            (Get-CadcColumn -InputObject $back[0] | Where-Object Name -eq SeparationArcsec).Unit | Should -Be 'arcsec'
        }
        finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }
}
