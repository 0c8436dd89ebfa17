#Requires -Version 5.1
# Pester 5 tests of Invoke-CadcTap against the CADC sandbox (tests/sandbox).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Small = 'SELECT TOP 7 obsID FROM caom2.Observation ORDER BY obsID'
}

Describe 'Invoke-CadcTap' {
    It 'returns one object per row with the selected columns' {
        $rows = @(Invoke-CadcTap "SELECT TOP 5 collection, observationID, target_name FROM caom2.Observation")
        $rows.Count | Should -Be 5
        $rows[0].PSObject.Properties.Name | Should -Be @('collection', 'observationID', 'target_name')
    }

    It 'filters in the pipeline and exports CSV' {
        $csv = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid()).csv"
        try {
            $adql = 'SELECT collection, observationID FROM caom2.Observation'
            Invoke-CadcTap -Query $adql -MaxRecords 100000 | Where-Object collection -eq 'CFHT' | Export-Csv $csv -NoTypeInformation
            $back = @(Import-Csv $csv)
            $back.Count | Should -Be 76
            $back.collection | Sort-Object -Unique | Should -Be 'CFHT'
        }
        finally { Remove-Item $csv -ErrorAction SilentlyContinue }
    }

    It 'types the values: <_>' -ForEach @('votable', 'votable/td', 'votable/b2') {
        $row = Invoke-CadcTap "SELECT TOP 1 calibrationLevel, position_dimension_naxis1, time_exposure, dataRelease, time_bounds FROM caom2.Plane WHERE dataProductType = 'image'" -ResponseFormat $_
        $row.calibrationLevel | Should -BeOfType [int]
        $row.position_dimension_naxis1 | Should -BeOfType [long]
        $row.time_exposure | Should -BeOfType [double]
        $row.dataRelease | Should -BeOfType [datetime]
        $row.dataRelease.Kind | Should -Be 'Utc'
        $row.time_bounds.GetType().Name | Should -Be 'Interval'
    }

    It 'warns naming the limit when -MaxRecords cuts the result' {
        $rows = @(Invoke-CadcTap 'SELECT obsID FROM caom2.Observation' -MaxRecords 7 -WarningVariable w -WarningAction SilentlyContinue)
        $rows.Count | Should -Be 7
        $w | Should -HaveCount 1
        "$w" | Should -Match '-MaxRecords 7'
    }

    It 'reports an ADQL error as TapQueryError and keeps going' {
        $rows = @('SELECT nosuchcolumn FROM caom2.Observation', 'SELECT TOP 2 obsID FROM caom2.Observation' |
            Invoke-CadcTap -ErrorVariable err -ErrorAction SilentlyContinue)
        $rows.Count | Should -Be 2
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TapQueryError,*'
        $err[0].Exception.Message | Should -Match 'nosuchcolumn'
    }

    It 'saves the VOTable as served with -OutFile' {
        $path = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid()).xml"
        try {
            $file = Invoke-CadcTap 'SELECT TOP 12 obsID FROM caom2.Observation' -ResponseFormat votable/td -OutFile $path
            $file | Should -BeOfType [IO.FileInfo]
            ([xml](Get-Content $path -Raw)).VOTABLE | Should -Not -BeNullOrEmpty
            (Select-String -Path $path -Pattern '<TR>' -AllMatches).Matches.Count | Should -Be 12
            Test-Path "$path.part" | Should -BeFalse
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'saves CSV with -OutFormat Csv' {
        $path = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid()).csv"
        try {
            Invoke-CadcTap "SELECT collection, observationID FROM caom2.Observation WHERE collection = 'MOST'" -OutFile $path -OutFormat Csv | Out-Null
            $rows = @(Import-Csv $path)
            $rows.Count | Should -Be 25
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'never replaces a file with -OutFile unless -Force is given (FileExists, before the query runs)' {
        $path = Join-Path $TestDrive 'kept.xml'
        'precious' | Set-Content $path
        { Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -OutFile $path -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,CadcPS.Commands.InvokeCadcTapCommand'
        { Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Async -Wait -OutFile $path -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,CadcPS.Commands.InvokeCadcTapCommand'
        Get-Content $path | Should -Be 'precious'
        Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation' -ResponseFormat votable/td -OutFile $path -Force | Out-Null
        (Select-String -Path $path -Pattern '<TR>' -AllMatches).Matches.Count | Should -Be 3
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid()).xml"
        Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -OutFile $path -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'shows the service URL and the request with -Verbose' {
        $verbose = Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'POST http://127\.0\.0\.1:8089/tap/sync'
    }

    It 'gives a typed error for a service that is not in the registry' {
        Invoke-CadcTap 'SELECT 1' -Service 'ivo://cadc.nrc.ca/nosuchservice' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ServiceNotInRegistry,*'
    }

    It 'keeps its progress out of the stdout of a redirected script (pwsh -File script.ps1 > out.txt)' {
        # rows and bytes are shown as progress while they arrive: that goes to the host, never into a script's output
        $dir = Join-Path $TestDrive 'redirected'
        $null = New-Item -ItemType Directory $dir
        $script = Join-Path $dir 'query.ps1'
        Set-Content $script @"
Import-Module '$ModuleManifest'
`$rows = Invoke-CadcTap 'SELECT TOP 5000 * FROM perf.big' -MaxRecords 5000
"rows `$(`$rows.Count)"
(Invoke-CadcTap 'SELECT TOP 5000 * FROM perf.big' -MaxRecords 5000 -OutFile '$dir/big.csv').Name
(Invoke-CadcTap 'SELECT TOP 7 obsID FROM caom2.Observation' -Async -Wait | Measure-Object).Count
"@
        & $PwshPath -NoProfile -NonInteractive -File $script > (Join-Path $dir 'out.txt') 2> (Join-Path $dir 'err.txt')
        $LASTEXITCODE | Should -Be 0
        Get-Content -Raw (Join-Path $dir 'err.txt') | Should -BeNullOrEmpty
        (Get-Content -Raw (Join-Path $dir 'out.txt')) -replace '\r' | Should -BeExactly "rows 5000`nbig.csv`n7`n"
    }

    It "shows a service's HTML error page as its readable text" {
        # DaCHS answers an unknown path with a styled HTML page (scripts, stylesheets, a logo, a menu)
        Invoke-CadcTap 'SELECT 1' -Service "$SandboxTap/nosuchrenderer" -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HttpError404,*'
        $message = $err[0].Exception.Message
        $message | Should -Match ([regex]::Escape("Not Found (404) We're sorry, but the resource you requested could not be located."))
        $message | Should -Not -Match '[<>]|&\w+;|\.js\b|\.css\b'
        $message.Length | Should -BeLessOrEqual 700
    }

    It 'queries a TAP service given by URL' {
        @(Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation' -Service $SandboxTap).Count | Should -Be 3
    }
}

Describe 'Invoke-CadcTap | Export-Csv: missing numbers and timestamps (issue 18)' {
    BeforeAll {
        # JCMT: some observations without a seeing (DaCHS: NaN in TABLEDATA and BINARY, a null flag in BINARY2)
        $script:CsvQuery = "SELECT observationID, environment_seeing, metaRelease FROM caom2.Observation WHERE collection = 'JCMT' ORDER BY observationID"
        $script:Iso = '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$'
    }

    It 'writes a missing number as an empty field and a timestamp as ISO 8601 UTC: <Format>, <Culture>' -ForEach @(
        @{ Format = 'votable'; Culture = 'de-DE' }, @{ Format = 'votable/td'; Culture = 'de-DE' }, @{ Format = 'votable/b2'; Culture = 'de-DE' },
        @{ Format = 'votable'; Culture = 'en-US' }, @{ Format = 'votable/td'; Culture = 'en-US' }, @{ Format = 'votable/b2'; Culture = 'en-US' }
    ) {
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = $Culture
            $rows = @(Invoke-CadcTap $CsvQuery -ResponseFormat $Format)
            $csv = @($rows | ConvertTo-Csv | ConvertFrom-Csv)
            $csv.Count | Should -Be $rows.Count
            $missing = 0
            for ($i = 0; $i -lt $rows.Count; $i++) {
                if ($null -eq $rows[$i].environment_seeing) { $missing++; $csv[$i].environment_seeing | Should -BeExactly '' }
                else { $rows[$i].environment_seeing | Should -BeOfType [double] }
                $rows[$i].metaRelease | Should -BeOfType [datetime]
                $csv[$i].metaRelease | Should -Match $Iso
                # exact: parsed back, the same instant to the tick
                [datetime]::Parse($csv[$i].metaRelease, [cultureinfo]::InvariantCulture, 'AdjustToUniversal').Ticks | Should -Be $rows[$i].metaRelease.Ticks
            }
            $missing | Should -BeGreaterThan 0
            # DaCHS serves 2023-05-13T01:58:48.099000: the milliseconds are kept
            ($csv | Where-Object observationID -eq 'scuba2_00004_20140101T100004').metaRelease | Should -BeExactly '2023-05-13T01:58:48.099Z'
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
    }

    It 'keeps the timestamps DateTimes: comparisons, Sort-Object, casts, ToString(format), JSON' {
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $rows = @(Invoke-CadcTap $CsvQuery)
            $t = $rows[0].metaRelease
            $t -is [datetime] | Should -BeTrue
            $t.Kind | Should -Be 'Utc'
            ([datetime]$t).GetType() | Should -Be ([datetime])
            ($t -lt (Get-Date).AddYears(100)) | Should -BeTrue
            ($t -gt [datetime]'1990-01-01') | Should -BeTrue
            $sorted = @($rows | Sort-Object metaRelease)
            for ($i = 1; $i -lt $sorted.Count; $i++) { [datetime]$sorted[$i - 1].metaRelease | Should -BeLessOrEqual ([datetime]$sorted[$i].metaRelease) }
            $t.ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture) | Should -BeExactly ([datetime]$t).ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture)
            $t.ToString('yyyy') | Should -BeExactly "$($t.Year)"
            $json = $rows[0] | ConvertTo-Json | ConvertFrom-Json -DateKind Utc
            $json.metaRelease | Should -Be ([datetime]$t)
            $t.AddDays(1) -is [datetime] | Should -BeTrue
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
    }
}

Describe 'Invoke-CadcTap: two results of other columns shown together (issue 18)' {
    It 'shows each result with its own columns, not under the first one''s header' {
        $text = & {
            Invoke-CadcTap "SELECT TOP 2 collection FROM caom2.Observation WHERE collection = 'CFHT'"
            Invoke-CadcTap "SELECT observationID, sequenceNumber FROM caom2.Observation WHERE observationID = 'scuba2_00004_20140101T100004'"
        } | Out-String -Width 200
        $text | Should -Match '(?m)^collection\s*$'
        $text | Should -Match '(?m)^CFHT\s*$'
        # the second result's names and values: they were blank cells under "collection"
        $text | Should -Match 'observationID\s*:\s*scuba2_00004_20140101T100004'
        $text | Should -Match 'sequenceNumber\s*:\s*2330443'
    }

    It 'keeps one table for the rows of one result, and the shape''s type name before CadcPS.TapRow' {
        $rows = @(Invoke-CadcTap "SELECT TOP 3 observationID, sequenceNumber FROM caom2.Observation WHERE collection = 'JCMT' ORDER BY observationID")
        $lines = @(($rows | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^observationID\s+sequenceNumber\s*$'
        $lines.Count | Should -Be 5   # header, rule, 3 rows
        $rows[0] -is [CadcPS.TapRow] | Should -BeTrue
        $rows[0].PSObject.TypeNames[0] | Should -Match '^CadcPS\.TapRow#\d+$'
        $rows[0].PSObject.TypeNames[1] | Should -Be 'CadcPS.TapRow'
        $rows[1].PSObject.TypeNames[0] | Should -Be $rows[0].PSObject.TypeNames[0]
    }

    It 'keeps the named views: Search-CadcRegion rows are CadcPS.Observation, shown by its view, after a generic result' {
        $text = & {
            Invoke-CadcTap "SELECT TOP 1 collection FROM caom2.Observation WHERE collection = 'CFHT'"
            Search-CadcRegion '08h45m07.5s +54d18m00s' -Collection CFHT
        } | Out-String -Width 250
        $region = @(Search-CadcRegion '08h45m07.5s +54d18m00s' -Collection CFHT)
        $region[0].PSObject.TypeNames[0] | Should -Be 'CadcPS.Observation'
        $region[0] -is [CadcPS.TapRow] | Should -BeTrue
        foreach ($r in $region) { $text | Should -Match ([regex]::Escape($r.productID)) }
        # the CadcPS.Observation table view (CadcPS.Format.ps1xml), not the 20-odd columns as a list
        ($region | Out-String -Width 250) | Should -Match '(?m)^collection\s+observationID\s+productID\s+target_name'
        (Get-Command Invoke-CadcTap).OutputType.Name | Should -Contain 'System.Management.Automation.PSObject'
        (Get-Command Import-CadcVOTable).OutputType.Name | Should -Contain 'CadcPS.TapRow'
    }
}

Describe 'Invoke-CadcTap -Async' {
    It 'returns a job at once' {
        $job = Invoke-CadcTap $Small -Async
        $job.Phase | Should -BeIn @('PENDING', 'QUEUED', 'EXECUTING', 'COMPLETED')
        $job.Url | Should -Match '^http://127\.0\.0\.1:8089/'
        $job | Remove-CadcJob -Confirm:$false
    }

    It 'streams the rows with -Wait' {
        @(Invoke-CadcTap $Small -Async -Wait).Count | Should -Be 7
    }

    It 'reports a failed job as JobFailed' {
        Invoke-CadcTap 'SELECT nosuch FROM caom2.Observation' -Async -Wait -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobFailed,*'
    }
}

Describe 'Invoke-CadcTap -Upload' {
    It 'joins 1000 uploaded objects against caom2.Observation, sync and async' {
        $names = @(Invoke-CadcTap 'SELECT DISTINCT target_name FROM caom2.Observation' | ForEach-Object target_name) + 'nowhere'
        $targets = 0..999 | ForEach-Object { [pscustomobject]@{ idx = $_; name = $names[$_ % $names.Count] } }
        $counts = @{}
        Invoke-CadcTap 'SELECT target_name, COUNT(*) AS n FROM caom2.Observation GROUP BY target_name' | ForEach-Object { $counts[$_.target_name] = $_.n }
        $expected = ($targets | ForEach-Object { [long]$counts[$_.name] } | Measure-Object -Sum).Sum
        $q = 'SELECT u.idx, o.obsID FROM TAP_UPLOAD.mytargets AS u JOIN caom2.Observation AS o ON o.target_name = u.name'
        @(Invoke-CadcTap $q -Upload @{ mytargets = $targets } -MaxRecords 100000).Count | Should -Be $expected
        @(Invoke-CadcTap $q -Upload @{ mytargets = $targets } -MaxRecords 100000 -Async -Wait).Count | Should -Be $expected
    }

    It 'types Import-Csv objects as it types the same CSV file: numbers are numbers' {
        $csv = Join-Path $TestDrive 'targets.csv'
        "name,ra,dec`nNr3491_1,131.28125,54.3`n" | Set-Content $csv -NoNewline
        $q = 'SELECT name, radians(ra) AS r, dec + 1 AS d FROM TAP_UPLOAD.t'
        $byPath = Invoke-CadcTap $q -Upload @{ t = $csv }
        $byObjects = Invoke-CadcTap $q -Upload @{ t = @(Import-Csv $csv) }
        $byObjects.r | Should -Be $byPath.r
        $byObjects.r | Should -BeGreaterThan 2.29
        $byObjects.d | Should -Be 55.3
        $byObjects.name | Should -Be 'Nr3491_1'
    }

    It 'uploads a CSV file' {
        $csv = Join-Path ([IO.Path]::GetTempPath()) "cadcps-$([guid]::NewGuid()).csv"
        try {
            "name,ra`nNr3491_1,131.28125`n" | Set-Content $csv -NoNewline
            (Invoke-CadcTap 'SELECT ra FROM TAP_UPLOAD.c' -Upload @{ c = $csv }).ra | Should -Be 131.28125
        }
        finally { Remove-Item $csv -ErrorAction SilentlyContinue }
    }
}
