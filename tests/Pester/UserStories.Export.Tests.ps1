#Requires -Version 7.0
# User stories: search results leave PowerShell as CSV (read back by Import-Csv and by Python's csv module),
# as JSON, and as CLIXML (read back and piped into the module again). Against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    # Debian's python3 (the sandbox's); any python3 has the csv and json modules. CI installs it; without it these fail.
    $script:Python = if (Test-Path /usr/bin/python3) { '/usr/bin/python3' } else { (Get-Command python3 -ErrorAction Stop).Source }
    $script:Python = if (Test-Path /usr/bin/python3) { '/usr/bin/python3' } else { (Get-Command python3 -ErrorAction SilentlyContinue).Source }
    # What Export-Csv writes for a value: its ToString(), nothing for null; a row's timestamps as ISO 8601 UTC.
    function ConvertTo-CsvText($Value) {
        if ($null -eq $Value) { '' }
        elseif ($Value -is [datetime]) { ([datetime]$Value).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", [cultureinfo]::InvariantCulture) }
        else { $Value.ToString() }
    }
    $script:Region = @(Search-CadcRegion '08h45m07.5s +54d18m00s' -Collection CFHT)
}

Describe 'Story: Search-CadcRegion | Export-Csv, then Import-Csv' {
    BeforeAll {
        $script:Csv = Join-Path $TestDrive 'nr3491.csv'
        $Region | Export-Csv $Csv
        $script:Back = @(Import-Csv $Csv)
    }

    It 'gives back the 4 rows with the same columns in the same order' {
        $Region.Count | Should -Be 4
        $Back.Count | Should -Be 4
        $Back[0].psobject.Properties.Name | Should -Be $Region[0].psobject.Properties.Name
    }

    It 'gives back every value as Export-Csv wrote it' {
        for ($i = 0; $i -lt $Region.Count; $i++) {
            foreach ($p in $Region[$i].psobject.Properties) {
                $Back[$i].($p.Name) | Should -BeExactly (ConvertTo-CsvText $p.Value) -Because "row $i, $($p.Name)"
            }
        }
        $Back.productID | Sort-Object | Should -Be @('2376543o', '2376543p', '2376544o', '2376545p')
    }

    It 'keeps numbers and DALI geometry exact: they parse back to the same doubles' {
        for ($i = 0; $i -lt $Region.Count; $i++) {
            [double]$Back[$i].time_bounds_lower | Should -Be $Region[$i].time_bounds_lower
            [double]$Back[$i].energy_bounds_lower | Should -Be $Region[$i].energy_bounds_lower
            $numbers = [double[]]($Back[$i].position_bounds -split ' ')
            $numbers | Should -Be @($Region[$i].position_bounds.Vertices | ForEach-Object { $_.Ra; $_.Dec })
        }
    }

    It 'keeps timestamps exact: ISO 8601 UTC with the milliseconds, whatever the culture' {
        $live = $Region[0].dataRelease
        $live | Should -BeOfType [datetime]
        $Back[0].dataRelease | Should -BeExactly '2010-08-08T15:05:26.822Z'
        [datetime]::Parse($Back[0].dataRelease, [cultureinfo]::InvariantCulture, 'AdjustToUniversal') | Should -Be $live
    }
}

Describe "Story: the CSV read by Python's csv module" {
    BeforeAll {
        $script:Csv = Join-Path $TestDrive 'nr3491.csv'
        $Region | Export-Csv $Csv
        # As a user would type it: the header, the row count, some values, numeric columns as float.
        $program = @'
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
col = {n: i for i, n in enumerate(header)}
print(json.dumps({
    'header': header,
    'count': len(body),
    'collections': sorted({r[col['collection']] for r in body}),
    'products': sorted(r[col['productID']] for r in body),
    'obsIDs': [r[col['obsID']] for r in body],
    'time_lower': [float(r[col['time_bounds_lower']]) for r in body],
    'size': [float(r[col['position_bounds_size']]) for r in body],
    'naxis1': [int(r[col['position_dimension_naxis1']]) for r in body],
    'bounds': [[float(x) for x in r[col['position_bounds']].split()] for r in body],
}))
'@
        $script:FromPython = & $Python -c $program $Csv | ConvertFrom-Json
        $script:PyExit = $LASTEXITCODE
    }

    It 'reads the same header and row count' {
        $PyExit | Should -Be 0
        $FromPython.header | Should -Be $Region[0].psobject.Properties.Name
        $FromPython.count | Should -Be 4
    }

    It 'reads the same values' {
        $FromPython.collections | Should -Be 'CFHT'
        $FromPython.products | Should -Be @('2376543o', '2376543p', '2376544o', '2376545p')
        $FromPython.obsIDs | Should -Be $Region.obsID
    }

    It 'parses the numeric columns as the same numbers' {
        $FromPython.time_lower | Should -Be $Region.time_bounds_lower
        $FromPython.size | Should -Be $Region.position_bounds_size
        $FromPython.naxis1 | Should -Be $Region.position_dimension_naxis1
        $FromPython.bounds[0] | Should -Be @($Region[0].position_bounds.Vertices | ForEach-Object { $_.Ra; $_.Dec })
    }

    It 'reads an Invoke-CadcTap | Export-Csv of the 41 JCMT observations' {
        $rows = @(Invoke-CadcTap "SELECT observationID, collection, sequenceNumber, environment_seeing, metaRelease FROM caom2.Observation WHERE collection = 'JCMT' ORDER BY observationID")
        $file = Join-Path $TestDrive 'jcmt.csv'
        $rows | Export-Csv $file
        $program = @'
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f))
print(json.dumps({'fields': list(rows[0].keys()), 'count': len(rows), 'collections': sorted({r['collection'] for r in rows}),
                  'ids': [r['observationID'] for r in rows], 'seq': [int(r['sequenceNumber']) for r in rows],
                  'seeing': [r['environment_seeing'] for r in rows]}))
'@
        $r = & $Python -c $program $file | ConvertFrom-Json
        $LASTEXITCODE | Should -Be 0
        $r.fields | Should -Be @('observationID', 'collection', 'sequenceNumber', 'environment_seeing', 'metaRelease')
        $r.count | Should -Be 41
        $r.collections | Should -Be 'JCMT'
        $r.ids | Should -Be $rows.observationID
        $r.seq | Should -Be $rows.sequenceNumber
        # a missing seeing is $null in the rows and an empty field in the CSV (not NaN); a present one is a double, exact in the CSV
        @($rows | Where-Object { $null -eq $_.environment_seeing }).Count | Should -BeGreaterThan 0
        for ($i = 0; $i -lt 41; $i++) {
            if ($null -eq $rows[$i].environment_seeing) { $r.seeing[$i] | Should -Be '' }
            else {
                $rows[$i].environment_seeing | Should -BeOfType [double]
                [double]::Parse($r.seeing[$i], [cultureinfo]::InvariantCulture) | Should -Be $rows[$i].environment_seeing
            }
        }
    }
}

Describe 'Story: rows to JSON' {
    BeforeAll {
        $script:Json = $Region | ConvertTo-Json -Depth 4 -WarningVariable jsonWarnings
        $script:JsonWarnings = $jsonWarnings
    }

    It 'needs -Depth 4 for an array of rows (row, geometry, vertices, numbers) and warns below it' {
        $JsonWarnings.Count | Should -Be 0
        $null = $Region | ConvertTo-Json -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -BeLike '*truncated*'
    }

    It 'writes numbers as JSON numbers and text as strings' {
        $program = @'
import json, sys
rows = json.load(sys.stdin)
r = rows[0]
print(json.dumps({'n': len(rows), 'types': {k: type(r[k]).__name__ for k in
      ['calibrationLevel', 'position_dimension_naxis1', 'time_bounds_lower', 'position_bounds_size', 'observationID', 'creatorID']}}))
'@
        $r = $Json | & $Python -c $program | ConvertFrom-Json
        $r.n | Should -Be 4
        $r.types.calibrationLevel | Should -Be 'int'
        $r.types.position_dimension_naxis1 | Should -Be 'int'
        $r.types.time_bounds_lower | Should -Be 'float'
        $r.types.position_bounds_size | Should -Be 'float'
        $r.types.observationID | Should -Be 'str'
        $r.types.creatorID | Should -Be 'NoneType'
    }

    It 'writes timestamps as ISO 8601 UTC with their fraction' {
        $Json | Should -Match '"dataRelease": "2010-08-08T15:05:26\.822Z"'
        ($Json | ConvertFrom-Json)[0].dataRelease.ToUniversalTime() | Should -Be $Region[0].dataRelease
    }

    It 'writes a polygon as its vertices and an interval as its bounds, as numbers' {
        $back = $Json | ConvertFrom-Json
        $back[0].position_bounds.Vertices.Count | Should -Be 4
        $back[0].position_bounds.Vertices[1].Ra | Should -Be $Region[0].position_bounds.Vertices[1].Ra
        $back[0].position_bounds.Vertices[1].Dec | Should -Be $Region[0].position_bounds.Vertices[1].Dec
        $back[0].time_bounds.Lower | Should -Be $Region[0].time_bounds.Lower
        $back[0].time_bounds.Upper | Should -Be $Region[0].time_bounds.Upper
        $back[0].energy_bounds.Upper | Should -Be 0.0001
    }

    It 'stays small: no object graph beyond the values (<_>)' -ForEach @(4, 10) {
        $one = $Region[0] | ConvertTo-Json -Depth $_ -Compress
        $one.Length | Should -BeLessThan 3000
        $one | Should -Not -Match 'Cadc\.Core|System\.'
    }

    It 'at the default depth still carries the polygon as DALI text, not a type name' {
        $back = $Region | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json
        [double[]]($back[0].position_bounds.Vertices -split ' ') | Should -Be @($Region[0].position_bounds.Vertices | ForEach-Object { $_.Ra; $_.Dec })
    }

    It 'writes DataLink rows with the size as a number' {
        $links = @($Region | Get-CadcDataUrl)
        $back = $links | ConvertTo-Json | ConvertFrom-Json
        $back.Count | Should -Be 4
        $back[0].ContentLength | Should -BeOfType [long]
        $back[0].ContentLength | Should -Be 60480
        $back.Url | Should -Be $links.Url
    }
}

Describe 'Story: Export-Clixml, Import-Clixml, and back into the module' {
    BeforeAll {
        $script:Live = @(Search-CadcTarget Nr3491_1 -Exact)
        $script:Xml = Join-Path $TestDrive 'nr3491.xml'
        $Live | Export-Clixml $Xml
        $script:Saved = @(Import-Clixml $Xml)
    }

    It 'gives back deserialized rows of the same type name and values' {
        $Saved.Count | Should -Be 6
        $Saved[0].pstypenames[0] | Should -Be 'Deserialized.CadcPS.Observation'
        $Saved.publisherID | Should -Be $Live.publisherID
        $Saved[0].dataRelease | Should -BeOfType [datetime]
        $Saved[0].dataRelease | Should -Be $Live[0].dataRelease
        $Saved[0].calibrationLevel | Should -BeOfType [int]
        $Saved[0].time_bounds.Lower | Should -Be $Live[0].time_bounds.Lower
    }

    It 'shows the deserialized rows with the same default view' {
        ($Saved | Out-String -Width 120) | Should -BeExactly ($Live | Out-String -Width 120)
    }

    It 'pipes the deserialized rows into Get-CadcDataUrl for the same links' {
        $fromLive = @($Live | Get-CadcDataUrl)
        $fromSaved = @($Saved | Get-CadcDataUrl)
        $fromLive.Count | Should -Be 6
        $fromSaved.Url | Should -Be $fromLive.Url
        $fromSaved.ID | Should -Be $fromLive.ID
    }

    It 'pipes the deserialized rows into Save-CadcImage -UrlOnly for the same URLs' {
        @($Saved | Save-CadcImage -UrlOnly) | Should -Be @($Live | Save-CadcImage -UrlOnly)
    }
}
