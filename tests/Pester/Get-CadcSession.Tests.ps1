#Requires -Version 5.1
# Pester 5 tests of Get-CadcSession against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
}

AfterAll { Disconnect-Cadc }

Describe 'Get-CadcSession' {
    It 'is anonymous before any Connect-Cadc' {
        Disconnect-Cadc
        $s = Get-CadcSession
        $s.Method | Should -Be 'Anonymous'
        $s.IsAuthenticated | Should -BeFalse
    }

    It 'shows the user and method, never the password' {
        $password = 'testpass123'
        Connect-Cadc -Credential ([pscredential]::new('cadcauthtest1', (ConvertTo-SecureString $password -AsPlainText -Force))) -RegistryUrl $env:CADC_REGISTRY_URL
        $s = Get-CadcSession
        $s.UserName | Should -Be 'cadcauthtest1'
        $s.Method | Should -Be 'Basic'
        ($s | Format-List * | Out-String) | Should -Not -Match $password
        ($s | ConvertTo-Json) | Should -Not -Match $password
    }

    It 'is per runspace: a new runspace starts anonymous' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'; (Get-CadcSession).Method")
            $ps.Invoke() | Should -Be 'Anonymous'
        }
        finally { $ps.Dispose() }
    }
}
