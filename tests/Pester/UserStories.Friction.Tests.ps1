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

Describe '-Collection as the archive spells it' {
    It 'finds with -Collection cfht what CFHT finds, and says so with -Verbose (<_>)' -ForEach @('Search-CadcTarget', 'Search-CadcRegion') {
        $arg = if ($_ -eq 'Search-CadcTarget') { 'm' } else { '08h45m07.5s +54d18m00s' }
        $expected = @(& $_ $arg -Collection CFHT).Count
        $expected | Should -BeGreaterThan 0
        $out = & $_ $arg -Collection cfht -Verbose 4>&1
        @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be $expected
        (@($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -MatchExactly 'sent as CFHT'
    }

    It 'sends the archive spelling in the ADQL' {
        $null = Get-CadcCollection
        Search-CadcTarget m -Collection cfht, Jcmt -AsQuery | Should -MatchExactly "o\.collection IN \('CFHT', 'JCMT'\)"
    }

    It 'warns "did you mean CFHT?" for CHFT, and still searches (<_>)' -ForEach @('Search-CadcTarget', 'Search-CadcRegion') {
        $arg = if ($_ -eq 'Search-CadcTarget') { 'm' } else { '08h45m07.5s +54d18m00s' }
        $rows = @(& $_ $arg -Collection CHFT -WarningVariable w -WarningAction SilentlyContinue)
        $rows.Count | Should -Be 0
        $w | Should -HaveCount 1
        "$w" | Should -MatchExactly 'did you mean CFHT\?'
    }

    It 'warns without a guess for a name near no collection' {
        $null = @(Search-CadcTarget m -Collection NoSuchArchive -WarningVariable w -WarningAction SilentlyContinue)
        "$w" | Should -Match "no collection 'NoSuchArchive'"
        "$w" | Should -Not -Match 'did you mean'
    }

    It 'Get-CadcCollection CHFT is CollectionNotFound with the nearest name' {
        Get-CadcCollection CHFT -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CollectionNotFound,*'
        $err[0].Exception.Message | Should -MatchExactly 'did you mean CFHT\?'
    }

    It 'does not warn for a known collection' {
        $null = @(Search-CadcTarget m -Collection CFHT -WarningVariable w)
        $w | Should -HaveCount 0
    }
}

Describe 'A trailing semicolon' {
    It 'is not sent, and -Verbose says so (<_>)' -ForEach @('sync', 'async') {
        $q = "SELECT TOP 2 obsID FROM caom2.Observation ;`n"
        $out = if ($_ -eq 'sync') { Invoke-CadcTap $q -Verbose 4>&1 } else { Invoke-CadcTap $q -Async -Wait -Verbose 4>&1 }
        @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 2
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match "trailing ';' is not sent"
        $verbose | Should -Match 'QUERY=SELECT TOP 2 obsID FROM caom2\.Observation$|QUERY=SELECT TOP 2 obsID FROM caom2\.Observation\r?\n'
    }

    It 'leaves a query without one alone (no note)' {
        $verbose = @(Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Not -Match "trailing ';'"
    }

    It 'leaves only semicolons an empty query: EmptyQuery' {
        Invoke-CadcTap ' ; ' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'EmptyQuery,*'
    }
}

Describe '-Service given as the /sync or /async endpoint' {
    It 'Invoke-CadcTap -Service .../tap/<_> queries the TAP service and says which base it used' -ForEach @('sync', 'async', 'sync/') {
        $out = Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation' -Service "$SandboxTap/$_" -Verbose 4>&1
        @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 3
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match "using $([regex]::Escape($SandboxTap)) as the TAP service"
        $verbose | Should -Match ([regex]::Escape("POST $SandboxTap/sync") + '(\s|$)')
    }

    It 'Invoke-CadcTap -Async -Service .../tap/async runs the job' {
        @(Invoke-CadcTap 'SELECT TOP 2 obsID FROM caom2.Observation' -Service "$SandboxTap/async" -Async -Wait).Count | Should -Be 2
    }

    It 'Search-CadcTarget, Get-CadcTable and Get-CadcCollection take it too' {
        @(Search-CadcTarget m -Collection CFHT -Service "$SandboxTap/sync").Count | Should -BeGreaterThan 0
        @(Get-CadcTable -Service "$SandboxTap/sync").Name | Should -Contain 'caom2.Observation'
        @(Get-CadcCollection -Service "$SandboxTap/async").Collection | Should -Contain 'CFHT'
    }

    It 'leaves a base URL as it is (no note)' {
        $verbose = @(Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Service $SandboxTap -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Not -Match 'as the TAP service \(its base URL'
    }
}

Describe 'Coordinates as a hashtable or an object with RA/DEC' {
    BeforeAll { $script:Expected = @(Search-CadcRegion '131.28125 54.3' -Collection CFHT).Count }

    It 'the sandbox has data there' { $Expected | Should -BeGreaterThan 0 }

    It 'takes <Name>' -ForEach @(
        @{ Name = '@{ra; dec} as -Coordinates'; Make = { @{ ra = 131.28125; dec = 54.3 } } }
        @{ Name = '[ordered]@{RA; DEC}'; Make = { [ordered]@{ RA = 131.28125; DEC = 54.3 } } }
        @{ Name = 'a case-sensitive Dictionary with RA/Dec keys'; Make = { $d = [Collections.Generic.Dictionary[string, object]]::new(); $d['RA'] = '08:45:07.5'; $d['Dec'] = '+54:18:00'; $d } }
        @{ Name = 'an object with RA/DEC properties'; Make = { [pscustomobject]@{ RA = 131.28125; DEC = 54.3 } } }
    ) {
        $c = & $Make
        @(Search-CadcRegion -Coordinates $c -Collection CFHT).Count | Should -Be $Expected
    }

    It 'takes hashtables from the pipeline' {
        @(@{ ra = 131.28125; dec = 54.3 }, @{ ra = 131.28125; dec = 54.3 } | Search-CadcRegion -Collection CFHT).Count | Should -Be (2 * $Expected)
    }

    It 'takes @{l; b} with -Frame Galactic' {
        @(Search-CadcRegion @{ l = 163.6584099532788; b = 38.132594105230744 } -Frame Galactic -Collection CFHT).Count | Should -Be 4
    }

    It 'gives InvalidCoordinates for a hashtable without coordinate keys' {
        Search-CadcRegion @{ x = 1; y = 2 } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCoordinates,*'
    }
}

Describe 'A result row as text' {
    It 'shows its columns, as a PSCustomObject does ("$row")' {
        $row = Invoke-CadcTap "SELECT TOP 1 collection, observationID, obsID FROM caom2.Observation WHERE collection = 'MOST' ORDER BY observationID"
        $like = [pscustomobject]@{ collection = $row.collection; observationID = $row.observationID; obsID = $row.obsID }
        "$row" | Should -BeExactly "$like"
        "$row" | Should -BeLike '@{collection=MOST; observationID=*; obsID=*}'
        $row.ToString() | Should -BeExactly "$like"
    }

    It 'shows an empty cell as nothing and numbers culture-invariantly' {
        $row = Invoke-CadcTap "SELECT TOP 1 time_exposure + 0.5 AS x, quality_flag AS n FROM caom2.Plane WHERE quality_flag IS NULL AND time_exposure = 30"
        $culture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            "$row" | Should -BeExactly '@{x=30.5; n=}'
        }
        finally { [cultureinfo]::CurrentCulture = $culture }
    }

    It 'shows search rows too' {
        $row = Search-CadcTarget m -Collection CFHT -MaxRecords 1 -WarningAction SilentlyContinue
        "$row" | Should -Match '^@\{.*collection=CFHT'
    }
}

Describe 'Tab completion' {
    BeforeAll {
        function script:Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText) }
    }

    It 'completes job ids for <_>' -ForEach @('Get-CadcJob -Job', 'Wait-CadcJob -JobId', 'Receive-CadcJob', 'Stop-CadcJob -Job', 'Remove-CadcJob -JobId') {
        $job = Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Async
        try {
            $prefix = $job.Id.Substring(0, [Math]::Min(4, $job.Id.Length))
            Complete "$_ $prefix" | Should -Contain $job.Id
        }
        finally { $job | Remove-CadcJob -Confirm:$false -ErrorAction SilentlyContinue }
    }

    It 'completes Get-CadcTable -Schema, by prefix and by wildcard' {
        Complete 'Get-CadcTable -Schema ca' | Should -Contain 'caom2'
        Complete 'Get-CadcTable -Schema *om*' | Should -Contain 'caom2'
        Complete 'Get-CadcTable -Schema ca' | Should -Not -Contain 'tap_schema'
    }

    It 'completes Get-CadcTable -Name by wildcard and by the table''s own name' {
        Complete 'Get-CadcTable -Name *plan*' | Should -Contain 'caom2.Plane'
        Complete 'Get-CadcTable -Name Plane' | Should -Contain 'caom2.Plane'
        Complete 'Get-CadcTable -Name caom2.Obs' | Should -Contain 'caom2.Observation'
    }

    It 'completes Get-CadcDataUrl -Semantics with the DataLink vocabulary, quoted (# starts a comment)' {
        Complete 'Get-CadcDataUrl ivo://cadc.nrc.ca/CFHT?1/1p -Semantics thumb' | Should -Be "'#thumbnail'"
        Complete "Get-CadcDataUrl ivo://cadc.nrc.ca/CFHT?1/1p -Semantics '#cut" | Should -Be "'#cutout'"
        $all = Complete 'Get-CadcDataUrl ivo://cadc.nrc.ca/CFHT?1/1p -Semantics '
        foreach ($t in "'#this'", "'#preview'", "'#auxiliary'", "'#progenitor'") { $all | Should -Contain $t }
    }

    It 'completes Get-CadcFitsHeader -Keyword with common FITS keywords' {
        Complete 'Get-CadcFitsHeader x.fits -Keyword EXP' | Should -Contain 'EXPTIME'
        Complete 'Get-CadcFitsHeader x.fits -Keyword date' | Should -Contain 'DATE-OBS'
    }

    It 'does not wait again on every Tab for a registry that does not answer' {
        # A port that takes connections and never answers: each request waits for the completer's limit.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $line = "Search-CadcTarget m -RegistryUrl http://127.0.0.1:$($listener.LocalEndpoint.Port)/reg/resource-caps -Collection "
            $first = Measure-Command { Complete $line | Should -HaveCount 0 }
            $first.TotalSeconds | Should -BeGreaterThan 3   # it did try, and gave up at the limit
            foreach ($i in 1..3) {
                (Measure-Command { Complete $line | Should -HaveCount 0 }).TotalSeconds | Should -BeLessThan 1.5
            }
            # Another parameter of the same service, same memory: -ResponseFormat still offers the standard formats at once.
            $rf = "Invoke-CadcTap 'SELECT 1' -RegistryUrl http://127.0.0.1:$($listener.LocalEndpoint.Port)/reg/resource-caps -ResponseFormat "
            $null = Complete $rf
            (Measure-Command { Complete $rf | Should -Contain 'TableData' }).TotalSeconds | Should -BeLessThan 1.5
        }
        finally { $listener.Stop() }
    }

    It 'still completes collections of the sandbox' {
        Complete 'Search-CadcTarget m -Collection cf' | Should -Contain 'CFHT'
    }
}

Describe 'A scheduled script whose login fails' {
    BeforeAll {
        # Runs $body as a script in a new pwsh, as a scheduler would, with $cred a wrong password for the sandbox's test account.
        function script:Invoke-LoginScript([string] $body) {
            $dir = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid())"
            $null = New-Item -ItemType Directory $dir
            try {
                $script = Join-Path $dir 'nightly.ps1'
                @"
Import-Module '$ModuleManifest'
`$cred = [pscredential]::new('cadcauthtest1', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
$body
'WENT ON'
"@ | Set-Content $script
                Push-Location $dir
                try { $out = & $PwshPath -NoProfile -NonInteractive -File $script 2>&1 | Out-String; $code = $LASTEXITCODE }
                finally { Pop-Location }
                [pscustomobject]@{ Output = $out; ExitCode = $code }
            }
            finally { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }
        }
        # The first powershell block after a heading.
        function script:Get-DocBlock([string] $path, [string] $heading) {
            $text = Get-Content $path -Raw
            $at = $text.IndexOf($heading)
            $at | Should -BeGreaterThan -1 -Because "$path has '$heading'"
            if ($text.Substring($at) -notmatch '(?s)```powershell\r?\n(.*?)```') { throw "no code block after '$heading' in $path" }
            $Matches[1]
        }
    }

    It 'goes on anonymously without the pattern (why the docs show it)' {
        $run = Invoke-LoginScript 'Connect-Cadc -Credential $cred'
        $run.Output | Should -Match 'WENT ON'
    }

    It 'stops with exit code 1 with Connect-Cadc.md''s Example 2' {
        $example = Get-DocBlock (Join-Path $RepoRoot 'docs/en-US/Connect-Cadc.md') '### Example 2'
        $example | Should -Match 'ErrorAction Stop'
        # The example's own line that fetches the credential is replaced by the wrong one above.
        $body = ($example -split '\r?\n' | Where-Object { $_ -notmatch '^\$cred\s*=' }) -join "`n"
        $run = Invoke-LoginScript $body
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match 'CADC login failed'
        $run.Output | Should -Not -Match 'WENT ON'
    }

    It 'stops with exit code 1 with the README''s pattern' {
        $readme = Join-Path $RepoRoot 'README.md'
        $block = Get-DocBlock $readme 'In a script, a failed `Connect-Cadc`'
        $run = Invoke-LoginScript $block
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Not -Match 'WENT ON'
    }

    It 'the README and Connect-Cadc.md say what Export-Clixml does with the password on this system' {
        $path = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid()).xml"
        try {
            [pscredential]::new('u', (ConvertTo-SecureString 'testpass123' -AsPlainText -Force)) | Export-Clixml $path
            $hex = ([xml](Get-Content $path -Raw)).Objs.Obj.Props.SS.'#text'
            $bytes = [byte[]] -split ($hex -replace '..', '0x$& ')
            $readable = [Text.Encoding]::Unicode.GetString($bytes) -eq 'testpass123'
            $readable | Should -Be (-not $IsWindows) -Because 'Export-Clixml encrypts with DPAPI on Windows only'
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
        foreach ($doc in 'README.md', 'docs/en-US/Connect-Cadc.md') {
            $text = Get-Content (Join-Path $RepoRoot $doc) -Raw
            $text | Should -Match 'Export-Clixml[^.]*encrypts[^.]*only on Windows' -Because "$doc warns about it"
            $text | Should -Match 'SecretManagement'
            $text | Should -Match 'chmod 600'
        }
    }
}
