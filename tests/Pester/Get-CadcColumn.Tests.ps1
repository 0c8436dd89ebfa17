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


Describe 'Each result keeps its own metadata' {
    It 'two results with the same column names but other units report their own' {
        $energy = @(Invoke-CadcTap 'SELECT TOP 2 energy_bounds_lower AS x FROM caom2.Plane')
        $time = @(Invoke-CadcTap 'SELECT TOP 2 time_bounds_lower AS x FROM caom2.Plane')
        $eu = ($energy | Get-CadcColumn).Unit
        $tu = ($time | Get-CadcColumn).Unit
        $eu | Should -Not -BeNullOrEmpty
        $tu | Should -Not -BeNullOrEmpty
        $eu | Should -Not -Be $tu
        ($energy | Get-CadcColumn).Unit | Should -Be $eu -Because 'the later result must not overwrite the earlier one''s metadata'
    }
}
