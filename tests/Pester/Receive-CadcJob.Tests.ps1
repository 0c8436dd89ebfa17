#Requires -Version 5.1
# Pester 5 tests of Receive-CadcJob against the CADC sandbox (tests/sandbox).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Small = 'SELECT TOP 7 obsID FROM caom2.Observation ORDER BY obsID'
}

Describe 'Receive-CadcJob' {
    It 'streams the rows of a completed job' {
        $job = Invoke-CadcTap $Small -Async | Wait-CadcJob
        @($job | Receive-CadcJob).Count | Should -Be 7
        $job | Remove-CadcJob -Confirm:$false
    }

    It 'saves the result with -OutFile' {
        $path = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid()).csv"
        try {
            $job = Invoke-CadcTap $Small -Async
            $job | Receive-CadcJob -Wait -OutFile $path -OutFormat Csv | Should -BeOfType [IO.FileInfo]
            @(Import-Csv $path).Count | Should -Be 7
            $job | Remove-CadcJob -Confirm:$false
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'takes -OutFile''s format from its extension, and replaces a file only with -Force' {
        $path = Join-Path $TestDrive 'job.csv'
        $job = Invoke-CadcTap $Small -Async | Wait-CadcJob
        try {
            $job | Receive-CadcJob -OutFile $path | Out-Null
            @(Import-Csv $path).Count | Should -Be 7 -Because 'a .csv name is CSV without -OutFormat'
            { $job | Receive-CadcJob -OutFile $path -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,CadcPS.Commands.ReceiveCadcJobCommand'
            $job | Receive-CadcJob -OutFile $path -Force | Out-Null
            @(Import-Csv $path).Count | Should -Be 7
        }
        finally { $job | Remove-CadcJob -Confirm:$false }
    }

    It 'reports a failed job as JobFailed' {
        $job = Invoke-CadcTap 'SELECT nosuch FROM caom2.Observation' -Async
        $job | Receive-CadcJob -Wait -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobFailed,*'
    }
}
