#Requires -Version 5.1
# Pester 5 tests of where the registry comes from: $env:CADC_REGISTRY_URL read at each command, a registry
# chosen with Connect-Cadc -RegistryUrl, and Disconnect-Cadc keeping that choice. Each case runs in a new pwsh
# process, as a script would, so no state of this test run leaks into it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Sandbox = $env:CADC_REGISTRY_URL
    # Nothing listens on port 9 of loopback: reading a registry there fails at once.
    $script:Nowhere = 'http://127.0.0.1:9/reg/resource-caps'

    # Runs $Script in a fresh pwsh with the module imported; returns what it wrote (deserialized).
    function Invoke-Fresh([scriptblock] $Script, [object[]] $Arguments = @()) {
        & $PwshPath -NoProfile -NonInteractive -Command {
            param($manifest, $text, $rest)
            $ErrorActionPreference = 'Continue'
            Import-Module $manifest
            & ([scriptblock]::Create($text)) @rest
        } -args $ModuleManifest, $Script.ToString(), $Arguments
    }
}

Describe 'The registry' {
    It 'follows $env:CADC_REGISTRY_URL when a script changes it between commands' {
        $out = Invoke-Fresh {
            param($sandbox, $nowhere)
            $env:CADC_REGISTRY_URL = $nowhere
            Invoke-CadcTap 'SELECT TOP 2 obsID FROM caom2.Observation' -ErrorVariable e1 -ErrorAction SilentlyContinue
            [pscustomobject]@{ Step = 1; Error = "$($e1[0].FullyQualifiedErrorId)"; Message = "$($e1[0])"; Advice = $e1[0].ErrorDetails.RecommendedAction }
            $env:CADC_REGISTRY_URL = $sandbox
            [pscustomobject]@{ Step = 2; Rows = @(Invoke-CadcTap 'SELECT TOP 2 obsID FROM caom2.Observation').Count }
            $env:CADC_REGISTRY_URL = $nowhere
            Invoke-CadcTap 'SELECT TOP 2 obsID FROM caom2.Observation' -ErrorVariable e3 -ErrorAction SilentlyContinue
            [pscustomobject]@{ Step = 3; Error = "$($e3[0].FullyQualifiedErrorId)" }
        } -Arguments $Sandbox, $Nowhere
        $out[0].Error | Should -BeLike 'RegistryUnavailable,*'
        $out[0].Message | Should -Match ([regex]::Escape('127.0.0.1:9'))
        $out[0].Advice | Should -Match 'environment variable CADC_REGISTRY_URL'
        $out[1].Rows | Should -Be 2
        # Documents already read from the sandbox registry do not hide that the variable now names another one.
        $out[2].Error | Should -BeLike 'RegistryUnavailable,*'
    }

    It 'names the variable when it is not a URL' {
        $out = Invoke-Fresh {
            $env:CADC_REGISTRY_URL = 'not a url'
            Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -ErrorVariable e -ErrorAction SilentlyContinue
            [pscustomobject]@{ Error = "$($e[0].FullyQualifiedErrorId)"; Message = "$($e[0])"; Source = (Get-CadcSession).RegistrySource; Url = (Get-CadcSession).RegistryUrl }
        }
        $out.Error | Should -BeLike 'InvalidRegistryUrl,*'
        $out.Message | Should -Match 'CADC_REGISTRY_URL'
        $out.Message | Should -Match 'not a url'
        $out.Source | Should -Be 'Environment'
        $out.Url | Should -Be 'not a url'
    }

    It 'keeps the registry chosen with Connect-Cadc -RegistryUrl, through Disconnect-Cadc' {
        $out = Invoke-Fresh {
            param($sandbox, $nowhere)
            $env:CADC_REGISTRY_URL = $nowhere
            $cred = [pscredential]::new('cadcauthtest1', (ConvertTo-SecureString 'testpass123' -AsPlainText -Force))
            Connect-Cadc -Credential $cred -RegistryUrl $sandbox
            [pscustomobject]@{ Step = 'connected'; Rows = @(Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation').Count; Source = (Get-CadcSession).RegistrySource; Method = (Get-CadcSession).Method }
            Disconnect-Cadc
            [pscustomobject]@{ Step = 'disconnected'; Rows = @(Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation').Count; Source = (Get-CadcSession).RegistrySource; Method = (Get-CadcSession).Method; Url = (Get-CadcSession).RegistryUrl }
        } -Arguments $Sandbox, $Nowhere
        $out[0].Rows | Should -Be 3
        $out[0].Source | Should -Be 'Chosen'
        $out[0].Method | Should -Be 'Basic'
        $out[1].Method | Should -Be 'Anonymous'
        $out[1].Rows | Should -Be 3
        $out[1].Source | Should -Be 'Chosen'
        $out[1].Url | Should -Be $Sandbox
    }

    It 'shows where the registry comes from' {
        $out = Invoke-Fresh {
            param($sandbox)
            Remove-Item Env:CADC_REGISTRY_URL -ErrorAction SilentlyContinue
            $a = Get-CadcSession
            $env:CADC_REGISTRY_URL = $sandbox
            $b = Get-CadcSession
            [pscustomobject]@{ DefaultSource = $a.RegistrySource; DefaultUrl = $a.RegistryUrl; EnvSource = $b.RegistrySource; EnvUrl = $b.RegistryUrl }
        } -Arguments $Sandbox
        $out.DefaultSource | Should -Be 'Default'
        $out.DefaultUrl | Should -Be 'https://ws.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/reg/resource-caps'
        $out.EnvSource | Should -Be 'Environment'
        $out.EnvUrl | Should -Be $Sandbox
    }

    It 'shows a registry URL without the password written into it' {
        $out = Invoke-Fresh {
            $env:CADC_REGISTRY_URL = 'http://bob:s3cr3t-in-url@127.0.0.1:9/reg/resource-caps'
            Get-CadcSession | Format-List * | Out-String -Width 300
            Invoke-CadcTap 'SELECT 1' -Verbose -ErrorVariable e -ErrorAction SilentlyContinue 4>&1 | Out-String -Width 300
            $e | Out-String -Width 300
        }
        "$out" | Should -Match ([regex]::Escape('127.0.0.1:9/reg/resource-caps'))
        "$out" | Should -Not -Match 's3cr3t'
    }
}
