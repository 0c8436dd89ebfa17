#Requires -Version 5.1
# Pester 5 tests of Get-CadcJob against the CADC sandbox (tests/sandbox).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Small = 'SELECT TOP 7 obsID FROM caom2.Observation ORDER BY obsID'
}

Describe 'Get-CadcJob' {
    It 'loads a job by id and lists by phase and count' {
        $job = Invoke-CadcTap $Small -Async | Wait-CadcJob
        (Get-CadcJob $job.Id).Query | Should -Be $Small
        (Get-CadcJob -Phase COMPLETED).Id | Should -Contain $job.Id
        @(Get-CadcJob -Last 1).Count | Should -Be 1
        @(Get-CadcJob -After (Get-Date).AddYears(5)).Count | Should -Be 0
        $job | Remove-CadcJob -Confirm:$false
    }
}
