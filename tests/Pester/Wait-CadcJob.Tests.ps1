#Requires -Version 5.1
# Pester 5 tests of Wait-CadcJob against the CADC sandbox (tests/sandbox).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Small = 'SELECT TOP 7 obsID FROM caom2.Observation ORDER BY obsID'
}

Describe 'Wait-CadcJob' {
    It 'waits until the job completes' {
        $job = Invoke-CadcTap $Small -Async
        ($job | Wait-CadcJob).Phase | Should -Be 'COMPLETED'
        $job | Remove-CadcJob -Confirm:$false
    }

    It 'times out with JobWaitTimeout, leaving the job running' {
        $job = Invoke-CadcTap 'SELECT * FROM perf.big' -MaxRecords 1000000 -Async
        $job | Wait-CadcJob -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobWaitTimeout,*'
        $job | Stop-CadcJob -Confirm:$false
        $job | Remove-CadcJob -Confirm:$false
    }
}
