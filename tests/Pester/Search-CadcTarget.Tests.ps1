#Requires -Version 5.1
# Pester 5 tests of Search-CadcTarget against the CADC sandbox (tests/sandbox).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
}

Describe 'Search-CadcTarget' {
    It 'matches a substring case-insensitively' {
        $rows = @(Search-CadcTarget m31-a)
        $rows.Count | Should -BeGreaterThan 0
        $rows | ForEach-Object { $_.target_name.ToLower() | Should -Match 'm31-a' }
    }

    It 'matches exactly with -Exact' {
        (Search-CadcTarget M31-B14 -Exact).target_name | Sort-Object -Unique | Should -Be 'M31-B14'
    }

    It 'maps wildcards and escapes underscores' {
        Search-CadcTarget 'nr3491_*' -AsQuery | Should -Match "LIKE 'nr3491\\_%'"
        @(Search-CadcTarget 'nr3491_*').Count | Should -Be 6
    }

    It 'escapes quotes' {
        @(Search-CadcTarget "x' OR '1'='1").Count | Should -Be 0
    }
}
