#Requires -Version 5.1
# Pester 5 tests of Remove-CadcJob against the CADC sandbox (tests/sandbox).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Small = 'SELECT TOP 7 obsID FROM caom2.Observation ORDER BY obsID'
}

Describe 'Remove-CadcJob' {
    It 'keeps the job with -WhatIf and deletes it otherwise' {
        $job = Invoke-CadcTap $Small -Async
        $job | Remove-CadcJob -WhatIf
        (Get-CadcJob $job.Id).Id | Should -Be $job.Id
        $job | Remove-CadcJob -Confirm:$false
        Get-CadcJob $job.Id -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobNotFound,*'
    }
}
