#Requires -Version 7.0
# Get-CadcColumn: rows remember the FIELD metadata of their result, also after Select-Object. Against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Rows = @(Invoke-CadcTap 'SELECT TOP 30 * FROM caom2.Plane ORDER BY planeID')
}

Describe 'Rows remember their columns' {
    It 'Select-Object keeps the metadata of the columns that remain' {
        $cols = @($Rows | Select-Object obsID, energy_bounds_lower, position_bounds | Get-CadcColumn)
        $cols.Name | Should -Be @('obsID', 'energy_bounds_lower', 'position_bounds')
        $all = @{}; $Rows[0] | Get-CadcColumn | ForEach-Object { $all[$_.Name] = $_ }
        $cols[1].Unit | Should -Be $all['energy_bounds_lower'].Unit
        $cols[1].Unit | Should -Not -BeNullOrEmpty
        $cols[2].XType | Should -Be 'polygon'
    }

    It 'lists a result''s columns once however many rows are piped' {
        @($Rows | Get-CadcColumn).Count | Should -Be $Rows[0].psobject.Properties.Name.Count
    }
}

