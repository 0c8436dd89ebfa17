#Requires -Version 5.1
# Pester 5 tests of Connect-Cadc against the CADC sandbox (HTTP Basic account cadcauthtest1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Proprietary = 'ivo://cadc.nrc.ca/CFHT?2376545/2376545p'
    function New-SandboxCredential([string] $Password) {
        [pscredential]::new('cadcauthtest1', (ConvertTo-SecureString $Password -AsPlainText -Force))
    }
}

AfterAll { Disconnect-Cadc }

Describe 'Connect-Cadc' {
    BeforeEach { $script:Dir = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid())" }
    AfterEach {
        Disconnect-Cadc
        Remove-Item $Dir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'refuses a wrong password at connect time and stays anonymous' {
        { Connect-Cadc -Credential (New-SandboxCredential 'wrong') -RegistryUrl $env:CADC_REGISTRY_URL -ErrorAction Stop } |
            Should -Throw -ErrorId 'LoginFailed,CadcPS.Commands.ConnectCadcCommand'
        (Get-CadcSession).Method | Should -Be 'Anonymous'
    }

    It 'gives access to a proprietary file once connected' {
        $Proprietary | Save-CadcImage -Path $Dir -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NotAuthenticated,*'
        $session = Connect-Cadc -Credential (New-SandboxCredential 'testpass123') -RegistryUrl $env:CADC_REGISTRY_URL -PassThru
        $session.Method | Should -Be 'Basic'
        $session.Verified | Should -BeTrue
        $file = $Proprietary | Save-CadcImage -Path $Dir -PassThru
        $file.NAXIS | Should -Be 2
    }

    It 'refuses an expired certificate, naming its dates' {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $req = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=expired', $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $cert = $req.CreateSelfSigned([datetimeoffset]::UtcNow.AddDays(-30), [datetimeoffset]::UtcNow.AddDays(-1))
        New-Item -ItemType Directory $Dir | Out-Null
        $pem = Join-Path $Dir 'cadcproxy.pem'
        Set-Content $pem ($cert.ExportCertificatePem() + "`n" + $rsa.ExportPkcs8PrivateKeyPem())
        { Connect-Cadc -CertificatePath $pem -ErrorAction Stop } | Should -Throw -ErrorId 'CertificateExpired,CadcPS.Commands.ConnectCadcCommand'
        (Get-CadcSession).Method | Should -Be 'Anonymous'
        @(Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation').Count | Should -Be 1
    }
}
