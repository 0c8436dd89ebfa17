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

Describe 'The job cmdlets with -Service .../tap/sync or .../tap/async' {
    It 'takes the URL as the TAP base URL, with a Verbose note, for Get, Wait, Receive and Remove' {
        foreach ($endpoint in "$SandboxTap/sync", "$SandboxTap/async/") {
            @(Get-CadcJob -Service $endpoint -Last 1 -ErrorAction Stop).Count | Should -Be 1
            $verbose = Get-CadcJob -Service $endpoint -Last 1 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            ($verbose.Message -join "`n") | Should -Match ([regex]::Escape("using $SandboxTap as the TAP service"))
            $job = Invoke-CadcTap $Small -Async -Service $endpoint
            (Wait-CadcJob $job.Id -Service $endpoint -ErrorAction Stop).Phase | Should -Be 'COMPLETED'
            (Get-CadcJob $job.Id -Service $endpoint -ErrorAction Stop).Query | Should -Be $Small
            @(Receive-CadcJob $job.Id -Service $endpoint -ErrorAction Stop).Count | Should -Be 7
            Remove-CadcJob $job.Id -Service $endpoint -Confirm:$false -ErrorAction Stop
        }
    }
}
