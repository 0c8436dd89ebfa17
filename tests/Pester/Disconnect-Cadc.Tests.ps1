#Requires -Version 5.1
# Pester 5 tests of Disconnect-Cadc against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
}

Describe 'Disconnect-Cadc' {
    It 'forgets the credentials: proprietary data is refused again' {
        Connect-Cadc -Credential ([pscredential]::new('cadcauthtest1', (ConvertTo-SecureString 'testpass123' -AsPlainText -Force))) -RegistryUrl $env:CADC_REGISTRY_URL
        Disconnect-Cadc
        (Get-CadcSession).Method | Should -Be 'Anonymous'
        Get-CadcDataUrl 'ivo://cadc.nrc.ca/CFHT?2376545/2376545p' | Should -Not -BeNullOrEmpty
        $dir = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid())"
        try {
            'ivo://cadc.nrc.ca/CFHT?2376545/2376545p' | Save-CadcImage -Path $dir -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'NotAuthenticated,*'
        }
        finally { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'is harmless when already anonymous' {
        { Disconnect-Cadc -ErrorAction Stop } | Should -Not -Throw
    }
}
