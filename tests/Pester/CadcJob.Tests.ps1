#Requires -Version 5.1
# Pester 5 tests of the async job cmdlets (Invoke-CadcTap -Async, Get/Wait/Receive/Stop/Remove-CadcJob)
# against the CADC sandbox. One file for the lifecycle: each cmdlet is tested in its own Describe.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Small = 'SELECT TOP 7 obsID FROM caom2.Observation ORDER BY obsID'
}

Describe 'Invoke-CadcTap -Async' {
    It 'returns a job at once' {
        $job = Invoke-CadcTap $Small -Async
        $job.Phase | Should -BeIn @('PENDING', 'QUEUED', 'EXECUTING', 'COMPLETED')
        $job.Url | Should -Match '^http://127\.0\.0\.1:8089/'
        $job | Remove-CadcJob -Confirm:$false
    }

    It 'streams the rows with -Wait' {
        @(Invoke-CadcTap $Small -Async -Wait).Count | Should -Be 7
    }

    It 'reports a failed job as JobFailed' {
        Invoke-CadcTap 'SELECT nosuch FROM caom2.Observation' -Async -Wait -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobFailed,*'
    }
}

Describe 'Wait-CadcJob and Receive-CadcJob' {
    It 'waits and fetches' {
        $job = Invoke-CadcTap $Small -Async
        ($job | Wait-CadcJob).Phase | Should -Be 'COMPLETED'
        @($job | Receive-CadcJob).Count | Should -Be 7
        $job | Remove-CadcJob -Confirm:$false
    }
}

Describe 'Get-CadcJob' {
    It 'loads a job by id and lists by phase' {
        $job = Invoke-CadcTap $Small -Async | Wait-CadcJob
        (Get-CadcJob $job.Id).Query | Should -Be $Small
        (Get-CadcJob -Phase COMPLETED).Id | Should -Contain $job.Id
        @(Get-CadcJob -Last 1).Count | Should -Be 1
        $job | Remove-CadcJob -Confirm:$false
    }
}

Describe 'Stop-CadcJob and Remove-CadcJob' {
    It 'aborts and deletes' {
        $job = Invoke-CadcTap 'SELECT * FROM perf.big' -MaxRecords 1000000 -Async
        ($job | Stop-CadcJob -PassThru -Confirm:$false).Phase | Should -Be 'ABORTED'
        $job | Remove-CadcJob -Confirm:$false
        Get-CadcJob $job.Id -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobNotFound,*'
    }
}
