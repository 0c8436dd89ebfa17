#Requires -Version 7.0
# User stories: the module in other runspaces: ForEach-Object -Parallel (imported, or auto-loaded through
# PSModulePath) and Start-ThreadJob, several targets at once, each with its own correct answer.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:ModuleFolder = Join-Path $RepoRoot 'out/CadcPS'
    # Three targets: two names for the resolver, one position (a MOST field).
    $script:Targets = 'Nr3491_1', 'M31', '107.81819089 28.6342059'
    $script:Expected = @{}
    foreach ($t in $Targets) { $Expected[$t] = @(@(Search-CadcRegion $t -Radius 0.05).publisherID | Sort-Object) }
    $script:Proprietary = 'ivo://cadc.nrc.ca/CFHT?2376545/2376545p'
}

Describe 'Story: ForEach-Object -Parallel over targets' {
    It 'finds something different for each target (the test would notice a mix-up)' {
        $Expected['Nr3491_1'].Count | Should -Be 5
        $Expected['M31'].Count | Should -Be 9
        $Expected['107.81819089 28.6342059'] | Should -Be 'ivo://cadc.nrc.ca/MOST?MOST_00000/reduced-0'
        @($Targets | ForEach-Object { $Expected[$_] } | Sort-Object -Unique).Count | Should -Be 15
    }

    It 'runs Search-CadcRegion in 3 runspaces at once, Import-Module in each' {
        $results = $Targets | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:ModuleFolder
            [pscustomobject]@{ Target = $_; Ids = @(@(Search-CadcRegion $_ -Radius 0.05).publisherID | Sort-Object) }
        }
        @($results).Count | Should -Be 3
        foreach ($r in $results) { $r.Ids | Should -Be $Expected[$r.Target] -Because $r.Target }
    }

    It 'auto-loads the module from PSModulePath in each runspace' {
        $saved = $env:PSModulePath
        try {
            $env:PSModulePath = (Join-Path $RepoRoot 'out') + [IO.Path]::PathSeparator + $saved
            $results = $Targets | ForEach-Object -ThrottleLimit 3 -Parallel {
                $rows = @(Search-CadcRegion $_ -Radius 0.05)   # no Import-Module
                [pscustomobject]@{ Target = $_; Ids = @($rows.publisherID | Sort-Object); Base = (Get-Module CadcPS).ModuleBase; Type = $rows[0].pstypenames[0] }
            }
        }
        finally { $env:PSModulePath = $saved }
        foreach ($r in $results) {
            $r.Ids | Should -Be $Expected[$r.Target] -Because $r.Target
            $r.Base | Should -Be $ModuleFolder
            $r.Type | Should -Be 'CadcPS.Observation'
        }
    }

    It 'keeps a login to the runspace that made it: -UseNewRunspace iterations after a Connect-Cadc are anonymous' {
        $seen = 1..3 | ForEach-Object -ThrottleLimit 1 -UseNewRunspace -Parallel {
            Import-Module $using:ModuleFolder
            if ($_ -eq 1) { Connect-Cadc -Credential ([pscredential]::new('cadcauthtest1', (ConvertTo-SecureString 'testpass123' -AsPlainText -Force))) }
            "$_=$((Get-CadcSession).Method)"
        }
        $seen | Should -Be @('1=Basic', '2=Anonymous', '3=Anonymous')
    }

    # ForEach-Object -Parallel reuses runspaces (the default) and resets their variables between iterations;
    # the CadcPS session must go with them (it used to be kept per Runspace object, so a Connect-Cadc in one
    # iteration was the identity of every later iteration on that runspace).
    It 'does not carry a Connect-Cadc from one iteration into the next on a reused runspace' {
        $seen = 1..3 | ForEach-Object -ThrottleLimit 1 -Parallel {
            Import-Module $using:ModuleFolder
            if ($_ -eq 1) { $global:mine = 'set'; Connect-Cadc -Credential ([pscredential]::new('cadcauthtest1', (ConvertTo-SecureString 'testpass123' -AsPlainText -Force))) }
            "$_=$((Get-CadcSession).Method),$global:mine"
        }
        # PowerShell itself forgets the global variable; the login should go the same way.
        $seen | Should -Be @('1=Basic,set', '2=Anonymous,', '3=Anonymous,')
    }
}

Describe 'Story: Start-ThreadJob' {
    It 'runs a search per target in thread jobs' {
        $jobs = foreach ($t in $Targets) {
            Start-ThreadJob -ArgumentList $t, $ModuleFolder -ScriptBlock {
                param($target, $module)
                Import-Module $module
                [pscustomobject]@{ Target = $target; Ids = @(@(Search-CadcRegion $target -Radius 0.05).publisherID | Sort-Object) }
            }
        }
        $results = $jobs | Receive-Job -Wait -AutoRemoveJob
        @($results).Count | Should -Be 3
        foreach ($r in $results) { $r.Ids | Should -Be $Expected[$r.Target] -Because $r.Target }
    }

    It 'gives each job its own identity: the connected one saves the proprietary file, the anonymous one may not' {
        $dir = Join-Path $TestDrive 'jobs'
        $work = {
            param($module, $id, $dir, $login)
            Import-Module $module
            if ($login) { Connect-Cadc -Credential ([pscredential]::new('cadcauthtest1', (ConvertTo-SecureString 'testpass123' -AsPlainText -Force))) }
            $files = @($id | Save-CadcImage -Path $dir -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
            [pscustomobject]@{ Login = $login; Saved = $files.Count; Error = "$(@($err)[0].FullyQualifiedErrorId)"; Method = (Get-CadcSession).Method }
        }
        $jobs = @(
            Start-ThreadJob -ScriptBlock $work -ArgumentList $ModuleFolder, $Proprietary, (Join-Path $dir 'a'), $true
            Start-ThreadJob -ScriptBlock $work -ArgumentList $ModuleFolder, $Proprietary, (Join-Path $dir 'b'), $false
        )
        $r = $jobs | Receive-Job -Wait -AutoRemoveJob | Sort-Object Login
        $r[1].Method | Should -Be 'Basic'
        $r[1].Saved | Should -Be 1
        $r[1].Error | Should -BeNullOrEmpty
        $r[0].Method | Should -Be 'Anonymous'
        $r[0].Saved | Should -Be 0
        $r[0].Error | Should -BeLike 'NotAuthenticated,*'
        (Get-Item (Join-Path $dir 'a/2376545__2376545p.fits')).Length | Should -Be 60480
        Test-Path (Join-Path $dir 'b/2376545__2376545p.fits') | Should -BeFalse
        # and this runspace, which ran neither, is still anonymous
        (Get-CadcSession).Method | Should -Be 'Anonymous'
    }
}
