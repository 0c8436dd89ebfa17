#Requires -Version 5.1
# Pester 5 tests of Stop-CadcJob against the CADC sandbox (tests/sandbox).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Small = 'SELECT TOP 7 obsID FROM caom2.Observation ORDER BY obsID'
}

Describe 'Stop-CadcJob' {
    It 'aborts a running job' {
        $job = Invoke-CadcTap 'SELECT * FROM perf.big' -MaxRecords 1000000 -Async
        ($job | Stop-CadcJob -PassThru -Confirm:$false).Phase | Should -Be 'ABORTED'
        $job | Receive-CadcJob -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobAborted,*'
        $job | Remove-CadcJob -Confirm:$false
    }
}
