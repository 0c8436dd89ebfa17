#Requires -Version 7.0
# User stories: rows through PowerShell's own cmdlets (Group-Object, Sort-Object, Where-Object, Measure-Object,
# Select-Object, Format-Table), checked against the sandbox's known counts and against the server's own SQL.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Observations = @(Invoke-CadcTap 'SELECT collection, observationID, target_name, sequenceNumber, environment_seeing FROM caom2.Observation' -MaxRecords 1000)
}

Describe 'Story: Invoke-CadcTap | Group-Object' {
    It 'counts the observations of each collection as tests/sandbox/README.md does' {
        $Observations.Count | Should -Be 267
        $counts = @{}
        $Observations | Group-Object collection | ForEach-Object { $counts[$_.Name] = $_.Count }
        $counts.Keys.Count | Should -Be 6
        $counts['CFHT'] | Should -Be 76
        $counts['GEMINI'] | Should -Be 53
        $counts['DAO'] | Should -Be 41
        $counts['JCMT'] | Should -Be 41
        $counts['IRIS'] | Should -Be 31
        $counts['MOST'] | Should -Be 25
    }

    It "agrees with the server's GROUP BY" {
        $server = Invoke-CadcTap 'SELECT collection, COUNT(*) AS n FROM caom2.Observation GROUP BY collection'
        $local = $Observations | Group-Object collection -NoElement | Sort-Object Name
        $local.Name | Should -Be ($server.collection | Sort-Object)
        foreach ($g in $local) { $g.Count | Should -Be ($server | Where-Object collection -eq $g.Name).n }
    }

    It 'groups planes by dataProductType: image 229, spectrum 37, timeseries 25, cube 23' {
        $g = Invoke-CadcTap 'SELECT dataProductType FROM caom2.Plane' -MaxRecords 1000 | Group-Object dataProductType -AsHashTable
        $g.Keys.Count | Should -Be 4
        $g['image'].Count | Should -Be 229
        $g['spectrum'].Count | Should -Be 37
        $g['timeseries'].Count | Should -Be 25
        $g['cube'].Count | Should -Be 23
    }
}

Describe 'Story: Sort-Object, Where-Object and Measure-Object on typed columns' {
    It 'sorts a numeric column numerically, not as text' {
        $sorted = @($Observations | Sort-Object sequenceNumber).sequenceNumber
        $sorted[0] | Should -BeOfType [int]
        for ($i = 1; $i -lt $sorted.Count; $i++) { $sorted[$i] | Should -BeGreaterOrEqual $sorted[$i - 1] }
        # as text the order differs (1008911 before 106250): the test would notice strings
        @($sorted | ForEach-Object ToString | Sort-Object) | Should -Not -Be @($sorted | ForEach-Object ToString)
        $server = Invoke-CadcTap 'SELECT TOP 5 sequenceNumber FROM caom2.Observation ORDER BY sequenceNumber DESC'
        @($Observations | Sort-Object sequenceNumber -Descending | Select-Object -First 5).sequenceNumber | Should -Be $server.sequenceNumber
    }

    It 'sorts timestamps as dates' {
        $rows = @(Invoke-CadcTap 'SELECT planeID, dataRelease FROM caom2.Plane' -MaxRecords 1000)
        $latest = $rows | Sort-Object dataRelease -Descending | Select-Object -First 1
        $latest.dataRelease | Should -BeOfType [datetime]
        $latest.dataRelease | Should -Be ([datetime]::new(2031, 1, 1, 0, 0, 0, [DateTimeKind]::Utc))
        # the 27 proprietary planes of the README
        @($rows | Where-Object dataRelease -gt (Get-Date)).Count | Should -Be 27
    }

    It "filters with Where-Object as the server's WHERE does" {
        $planes = @(Invoke-CadcTap 'SELECT calibrationLevel, time_exposure FROM caom2.Plane' -MaxRecords 1000)
        $server = Invoke-CadcTap 'SELECT COUNT(*) AS n, SUM(time_exposure) AS s FROM caom2.Plane WHERE calibrationLevel >= 2'
        $mine = @($planes | Where-Object calibrationLevel -ge 2)
        $mine.Count | Should -Be $server.n
        ($mine | Measure-Object time_exposure -Sum).Sum | Should -Be $server.s
    }
}

Describe 'Story: Select-Object and Format-Table' {
    BeforeAll { $script:Region = @(Search-CadcRegion '08h45m07.5s +54d18m00s' -Collection CFHT) }

    It 'keeps just the chosen properties, with their values and types' {
        $picked = @($Region | Select-Object collection, observationID, productID, time_exposure)
        $picked.Count | Should -Be 4
        $picked[0].psobject.Properties.Name | Should -Be @('collection', 'observationID', 'productID', 'time_exposure')
        $picked.productID | Should -Be $Region.productID
        $picked[0].time_exposure | Should -BeOfType [double]
    }

    It 'expands one property to plain values, ready for another cmdlet' {
        $ids = @($Region | Select-Object -ExpandProperty publisherID)
        $ids | Should -BeOfType [string]
        $ids | Should -Contain 'ivo://cadc.nrc.ca/CFHT?2376543/2376543o'
        @($ids | Get-CadcDataUrl).Count | Should -Be 4
    }

    It 'takes -First and computed properties' {
        $r = @($Region | Sort-Object productID | Select-Object -First 2 productID, @{ n = 'hours'; e = { $_.time_exposure / 3600 } })
        $r.productID | Should -Be @('2376543o', '2376543p')
        $r[0].hours | Should -Be (($Region | Where-Object productID -eq '2376543o').time_exposure / 3600)
    }

    It 'formats chosen columns with Format-Table at 120 columns, headers and values visible' {
        $text = $Region | Format-Table collection, observationID, productID, target_name, calibrationLevel | Out-String -Width 120
        $lines = $text -split '\r?\n'
        $header = $lines | Where-Object { $_ -match '\bobservationID\b' } | Select-Object -First 1
        foreach ($h in 'collection', 'observationID', 'productID', 'target_name', 'calibrationLevel') { $header | Should -Match "\b$h\b" }
        foreach ($p in $Region.productID) { $text | Should -Match "\b$p\b" }
        ($lines | Measure-Object Length -Maximum).Maximum | Should -BeLessOrEqual 120
    }

    It 'formats with Format-Table -AutoSize, every value whole' {
        $text = $Region | Format-Table publisherID, dataRelease -AutoSize | Out-String -Width 120
        foreach ($id in $Region.publisherID) { $text | Should -Match ([regex]::Escape($id)) }
    }
}
