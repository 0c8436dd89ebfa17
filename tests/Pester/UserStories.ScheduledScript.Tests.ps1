#Requires -Version 7.0
# User story: a scheduled script (Scripts/Save-CadcNightly.ps1) run as cron or Task Scheduler would run it,
# `pwsh -NoProfile -NonInteractive -File`, with the module found through PSModulePath and the password in the
# environment. It logs in, saves a target's files (the proprietary one too) and exits 0; with a wrong
# password it exits non-zero, says why on stderr and saves nothing.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Script = Join-Path $PSScriptRoot 'Scripts/Save-CadcNightly.ps1'
    # this PowerShell's own executable (the process may be a dotnet host running pwsh.dll)
    $script:Pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $script:Files = @{
        '2376543__2376543o.fits' = 60480; '2376543__2376543p.fits' = 60480; '2376544__2376544o.fits' = 60480
        '2376544__2376544p.fits' = 60480; '2376545__2376545p.fits' = 60480; 'GN-2009B-Q-12-34-001__reduced-0.fits' = 43200
    }

    # Runs the script in a new pwsh as a scheduler does: only what the environment and the arguments give it.
    function Invoke-Nightly([string] $Password, [string] $OutDir) {
        $saved = @{ PSModulePath = $env:PSModulePath; CADC_PASSWORD = $env:CADC_PASSWORD; CADC_REGISTRY_URL = $env:CADC_REGISTRY_URL }
        $stderr = Join-Path $TestDrive "stderr-$([guid]::NewGuid()).txt"
        try {
            $env:PSModulePath = (Join-Path $RepoRoot 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
            $env:CADC_PASSWORD = $Password
            $env:CADC_REGISTRY_URL = $null   # the script's own Connect-Cadc -RegistryUrl must carry the session
            $stdout = & $Pwsh -NoProfile -NonInteractive -File $Script -Target Nr3491_1 -OutDir $OutDir 2> $stderr
            $code = $LASTEXITCODE
        }
        finally { foreach ($k in $saved.Keys) { Set-Item "env:$k" $saved[$k] } }
        [pscustomobject]@{
            ExitCode = $code
            Stdout   = ($stdout -join "`n")
            Stderr   = (Get-Content $stderr -Raw) -replace '\e\[[0-9;?]*[A-Za-z]', ''   # the error view's colours
        }
    }
}

Describe 'Story: a scheduled script that logs in and saves files' {
    BeforeAll {
        $script:Dir = Join-Path $TestDrive 'nightly'
        $script:Run = Invoke-Nightly -Password 'testpass123' -OutDir $Dir
    }

    It 'exits 0 and says what it saved' {
        $Run.ExitCode | Should -Be 0
        $Run.Stderr | Should -BeNullOrEmpty
        $Run.Stdout | Should -BeExactly "Saved 6 files to $Dir"
    }

    It 'saves the 6 files of Nr3491_1, whole and FITS' {
        $saved = @(Get-ChildItem $Dir)
        $saved.Name | Sort-Object | Should -Be ($Files.Keys | Sort-Object)
        foreach ($f in $saved) {
            $f.Length | Should -Be $Files[$f.Name] -Because $f.Name
            [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($f.FullName), 0, 9) | Should -BeExactly 'SIMPLE  =' -Because $f.Name
        }
    }

    It 'includes the proprietary file, which only a logged-in session gets' {
        (Get-Item (Join-Path $Dir '2376545__2376545p.fits')).Length | Should -Be 60480
        # this test session is anonymous: the same file is refused here
        'ivo://cadc.nrc.ca/CFHT?2376545/2376545p' | Save-CadcImage -Path (Join-Path $TestDrive 'anon') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NotAuthenticated,*'
    }

    It 'runs again the next night without downloading the same files again' {
        $before = Get-ChildItem $Dir | ForEach-Object { "$($_.Name) $($_.LastWriteTimeUtc.Ticks)" }
        $again = Invoke-Nightly -Password 'testpass123' -OutDir $Dir
        $again.ExitCode | Should -Be 0
        Get-ChildItem $Dir | ForEach-Object { "$($_.Name) $($_.LastWriteTimeUtc.Ticks)" } | Should -Be $before
    }
}

Describe 'Story: the same script with a wrong password' {
    BeforeAll {
        $script:Dir = Join-Path $TestDrive 'refused'
        $script:Wrong = 'not-the-password-42'
        $script:Run = Invoke-Nightly -Password $Wrong -OutDir $Dir
    }

    It 'exits non-zero' {
        $Run.ExitCode | Should -Not -Be 0
        $Run.ExitCode | Should -Be 1
    }

    It 'says on stderr which command failed and why, without the password' {
        $Run.Stderr | Should -Match 'Connect-Cadc'
        $Run.Stderr | Should -Match 'rejected the credentials of cadcauthtest1'
        $Run.Stderr | Should -Not -Match $Wrong
        $Run.Stdout | Should -Not -Match 'Saved'
    }

    It 'saves nothing' {
        Test-Path $Dir | Should -BeFalse
    }
}
