#Requires -Version 5.1
# Pester 5 tests of issue 18, "An astronomer's PowerShell": the friction a new user hits, each against the CADC
# sandbox (tests/sandbox) the way it is typed at the prompt.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Tmp = { param($ext) Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid())$ext" }
}

Describe 'Invoke-CadcTap -OutFile takes its format from the extension' {
    It 'writes CSV to result.csv without -OutFormat' {
        $path = & $Tmp '.csv'
        try {
            Invoke-CadcTap "SELECT collection, observationID FROM caom2.Observation WHERE collection = 'MOST'" -OutFile $path | Out-Null
            (Get-Content $path -TotalCount 1) | Should -Be 'collection,observationID'
            @(Import-Csv $path).Count | Should -Be 25
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'writes a VOTable to <_>' -ForEach @('.xml', '.vot', '.votable', '.dat') {
        $path = & $Tmp $_
        try {
            Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation' -OutFile $path | Out-Null
            ([xml](Get-Content $path -Raw)).VOTABLE | Should -Not -BeNullOrEmpty
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'writes what -OutFormat says, with a warning, when the extension disagrees' {
        $path = & $Tmp '.csv'
        try {
            Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation' -OutFile $path -OutFormat VOTable -WarningVariable w -WarningAction SilentlyContinue | Out-Null
            ([xml](Get-Content $path -Raw)).VOTABLE | Should -Not -BeNullOrEmpty
            $w | Should -HaveCount 1
            "$w" | Should -Match 'CSV'
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'does not warn when -OutFormat agrees with the extension' {
        $path = & $Tmp '.csv'
        try {
            Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation' -OutFile $path -OutFormat Csv -WarningVariable w | Out-Null
            $w | Should -HaveCount 0
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'refuses a .tsv file (no TSV writer) with OutFileFormatUnknown and writes nothing' {
        $path = & $Tmp '.tsv'
        Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation' -OutFile $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OutFileFormatUnknown,*'
        Test-Path $path | Should -BeFalse
    }

    It 'chooses the format from the extension with -Async -Wait too' {
        $path = & $Tmp '.csv'
        try {
            Invoke-CadcTap 'SELECT TOP 4 obsID FROM caom2.Observation' -Async -Wait -OutFile $path | Out-Null
            (Get-Content $path -TotalCount 1) | Should -Be 'obsID'
            @(Import-Csv $path).Count | Should -Be 4
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }
}
