#Requires -Version 7.0
# User story: every default view of CadcPS.Format.ps1xml (and the saved files' view) as a user sees it in a
# 120-column terminal: the headers, no line wider than 120, and the identifying values whole, never cut to '…'.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Width = 120

    function Get-Lines([string] $Text) { @($Text -split '\r?\n') }

    function Assert-Fits([string] $Text) {
        $wide = @(Get-Lines $Text | Where-Object Length -gt $Width)
        $wide | Should -BeNullOrEmpty -Because "no line may be wider than $Width columns"
    }

    # The header line of a table view: the first line naming all these labels.
    function Get-Header([string] $Text, [string[]] $Labels) {
        foreach ($line in Get-Lines $Text) {
            if (@($Labels | Where-Object { $line -notmatch "(^|\s)$([regex]::Escape($_))(\s|$)" }).Count -eq 0) { return $line }
        }
    }

    # One (left-aligned) column of a table view, a string per row; the continuation lines of a wrapped row
    # (they start with blanks: every view's first column has a value) are joined.
    function Get-Column([string] $Text, [string] $Label) {
        $lines = Get-Lines $Text
        $h = 0
        while ($h -lt $lines.Count -and $lines[$h] -notmatch "(^|\s)$([regex]::Escape($Label))(\s|$)") { $h++ }
        $start = [regex]::Match($lines[$h], "(?<=^|\s)$([regex]::Escape($Label))(?=\s|$)").Index
        $rest = [regex]::Match($lines[$h].Substring($start + $Label.Length), '\S')
        $end = if ($rest.Success) { $start + $Label.Length + $rest.Index } else { [int]::MaxValue }
        $cells = [System.Collections.Generic.List[string]]::new()
        for ($i = $h + 2; $i -lt $lines.Count -and $lines[$i].Trim(); $i++) {
            $line = $lines[$i]
            $cell = if ($line.Length -gt $start) { $line.Substring($start, [Math]::Min($line.Length, $end) - $start).Trim() } else { '' }
            if ($line -match '^\s' -and $cells.Count) { if ($cell) { $cells[$cells.Count - 1] += $cell } }
            else { $cells.Add($cell) }
        }
        $cells.ToArray()
    }

    $script:Credential = [pscredential]::new('cadcauthtest1', (ConvertTo-SecureString 'testpass123' -AsPlainText -Force))
}

Describe 'Story: the default views at 120 columns' {
    Context 'search rows (CadcPS.Observation)' {
        It 'shows <name> with its ids whole and its planes apart' -ForEach @(
            @{ name = 'Search-CadcRegion M31'; search = { Search-CadcRegion M31 -Radius 0.05 } }
            @{ name = 'Search-CadcTarget Nr3491_1'; search = { Search-CadcTarget Nr3491_1 -Exact } }
        ) {
            $rows = @(& $search)
            $text = $rows | Out-String -Width $Width
            Assert-Fits $text
            Get-Header $text 'collection', 'observationID', 'productID', 'target_name', 'instrument_name', 'start (MJD)', 'calib', 'dataProductType' | Should -Not -BeNullOrEmpty
            Get-Column $text 'collection' | Should -Be $rows.collection
            Get-Column $text 'observationID' | Should -Be $rows.observationID
            Get-Column $text 'productID' | Should -Be $rows.productID
            Get-Column $text 'target_name' | Should -Be $rows.target_name
            Get-Column $text 'dataProductType' | Should -Be $rows.dataProductType
            $text | Should -Not -Match '…'
        }

        It "keeps JCMT's long ids and a long instrument whole, wrapped rather than cut" {
            # JCMT's reduced planes (reduced-850um / reduced-450um of one observation) and its nightly-coadd
            # observationIDs (jcmt_<date>-<md5>), as CADC names them; the sandbox's DAO instrument (21 characters)
            $jcmt = 'reduced-850um', 'reduced-450um' | ForEach-Object {
                [pscustomobject]@{ PSTypeName = 'CadcPS.Observation'; collection = 'JCMT'; observationID = 'jcmt_20140904-4aeef42b19659ef49c488d1760c1f380'
                    productID = $_; target_name = 'M31'; instrument_name = 'SCUBA-2'; time_bounds_lower = 56904.5; calibrationLevel = 3; dataProductType = 'image' }
            }
            $dao = @(Search-CadcTarget 'NGC 6846' -Exact -Collection DAO)
            $rows = @($jcmt) + $dao
            $text = $rows | Out-String -Width $Width
            Assert-Fits $text
            $text | Should -Not -Match '…'
            Get-Column $text 'observationID' | Should -Be $rows.observationID
            Get-Column $text 'productID' | Should -Be $rows.productID
            Get-Column $text 'instrument_name' | Should -Be $rows.instrument_name
            $dao.instrument_name | Sort-Object -Unique | Should -Be 'McKellar Spectrograph'
        }

        It 'keeps a JCMT observationID (28 characters) whole' {
            $text = Search-CadcRegion M31 -Radius 0.05 -Collection JCMT | Out-String -Width $Width
            $text | Should -Match '\bscuba2_00004_20140101T100004\b'
        }
    }

    Context 'collections, tables and columns' {
        It 'shows Get-CadcCollection with every band' {
            $rows = @(Get-CadcCollection)
            $text = $rows | Out-String -Width $Width
            Assert-Fits $text
            Get-Header $text 'Collection', 'Bands' | Should -Not -BeNullOrEmpty
            Get-Column $text 'Collection' | Should -Be $rows.Collection
            Get-Column $text 'Bands' | Should -Be @($rows | ForEach-Object { $_.Bands -join ', ' })
            ($text -split '\r?\n' | Where-Object { $_ -match '^CFHT\s' }) | Should -Match 'Infrared, Optical$'
        }

        It 'shows Get-CadcTable with the table names whole' {
            $rows = @(Get-CadcTable)
            $text = $rows | Out-String -Width $Width
            Assert-Fits $text
            Get-Header $text 'Name', 'Type', 'Description' | Should -Not -BeNullOrEmpty
            Get-Column $text 'Name' | Should -Be $rows.Name
            $rows.Name | Should -Contain 'tap_schema.key_columns'
        }

        It "shows Get-CadcTable caom2.Plane's columns, grouped under the table" {
            $rows = @(Get-CadcTable caom2.Plane)
            $text = $rows | Out-String -Width $Width
            Assert-Fits $text
            $text | Should -Match 'Table: caom2\.plane'
            Get-Header $text 'Name', 'Datatype', 'Unit', 'Ucd', 'Description' | Should -Not -BeNullOrEmpty
            Get-Column $text 'Name' | Should -Be $rows.Name
            $types = @(Get-Column $text 'Datatype')
            $types[[array]::IndexOf($rows.Name, 'position_bounds')] | Should -Be 'double[*]'
            $types[[array]::IndexOf($rows.Name, 'energy_bounds')] | Should -Be 'double[2]'
            $types[[array]::IndexOf($rows.Name, 'calibrationlevel')] | Should -Be 'int'
        }
    }

    Context 'jobs and sessions' {
        It 'shows an async job with its whole Id, phase and query' {
            $job = Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Async
            try {
                $text = $job | Out-String -Width $Width
                Assert-Fits $text
                Get-Header $text 'Id', 'Phase', 'Created (UTC)', 'Query' | Should -Not -BeNullOrEmpty
                Get-Column $text 'Id' | Should -Be $job.Id
                Get-Column $text 'Query' | Should -Be 'SELECT TOP 1 obsID FROM caom2.Observation'
                Get-Column $text 'Created (UTC)' | Should -Be $job.CreationTime.ToString('yyyy-MM-dd HH:mm:ss')
            }
            finally { $job | Remove-CadcJob -Confirm:$false }
        }

        It "shows DaCHS's job list as it is: ids, phases and URLs, no always-empty Created or Query" {
            $job = Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Async
            try {
                $jobs = @(Get-CadcJob -Last 3)
                $text = $jobs | Out-String -Width $Width
                Assert-Fits $text
                Get-Header $text 'Id', 'Phase', 'Url' | Should -Not -BeNullOrEmpty
                $text | Should -Not -Match 'Query|Created'
                Get-Column $text 'Id' | Should -Be $jobs.Id
                Get-Column $text 'Phase' | Should -Be $jobs.Phase
                Get-Column $text 'Url' | Should -Be $jobs.Url
                # a listed job is still a job: its full form shows the query
                Get-Column (Get-CadcJob $job.Id | Out-String -Width $Width) 'Query' | Should -Be 'SELECT TOP 1 obsID FROM caom2.Observation'
            }
            finally { $job | Remove-CadcJob -Confirm:$false }
        }

        It "shows an anonymous session with CADC's own registry URL whole" {
            # a new runspace without the sandbox's CADC_REGISTRY_URL: the defaults a new user has
            $saved = $env:CADC_REGISTRY_URL
            $ps = [powershell]::Create()
            try {
                $env:CADC_REGISTRY_URL = $null
                $text = -join $ps.AddScript('param($m, $w) Import-Module $m; Get-CadcSession | Out-String -Width $w').AddArgument($ModuleManifest).AddArgument($Width).Invoke()
            }
            finally { $env:CADC_REGISTRY_URL = $saved; $ps.Dispose() }
            Assert-Fits $text
            Get-Header $text 'UserName', 'Method', 'Verified', 'Expires (UTC)', 'RegistryUrl' | Should -Not -BeNullOrEmpty
            Get-Column $text 'RegistryUrl' | Should -Be 'https://ws.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/reg/resource-caps'
            Get-Column $text 'Method' | Should -Be 'Anonymous'
        }

        It 'shows a connected session with its user, method and check' {
            try {
                Connect-Cadc -Credential $Credential -RegistryUrl $env:CADC_REGISTRY_URL
                $text = Get-CadcSession | Out-String -Width $Width
            }
            finally { Disconnect-Cadc }
            Assert-Fits $text
            Get-Column $text 'UserName' | Should -Be 'cadcauthtest1'
            Get-Column $text 'Method' | Should -Be 'Basic'
            Get-Column $text 'Verified' | Should -Be 'True'
            Get-Column $text 'RegistryUrl' | Should -Be $env:CADC_REGISTRY_URL
        }
    }

    Context 'data links (CadcPS.DataLink)' {
        It 'shows <name> with every URL whole' -ForEach @(
            @{ name = 'the #this links'; extra = @{} }
            @{ name = 'all links'; extra = @{ IncludeAuxiliaries = $true } }
        ) {
            $links = @(Search-CadcTarget Nr3491_1 -Exact | Get-CadcDataUrl @extra)
            $text = $links | Out-String -Width $Width
            Assert-Fits $text
            Get-Header $text 'Semantics', 'ID', 'ContentType', 'Size', 'Url' | Should -Not -BeNullOrEmpty
            Get-Column $text 'ID' | Should -Be $links.ID
            Get-Column $text 'Semantics' | Should -Be $links.Semantics
            Get-Column $text 'Url' | Should -Be $links.Url
            $text | Should -Not -Match '…'
        }

        It 'shows the cutout links of two planes of one JCMT observation apart, by their whole IDs' {
            $links = @(Search-CadcRegion M31 -Radius 0.05 -Collection JCMT | Get-CadcDataUrl -Cutout -Coordinates M31 -WarningAction SilentlyContinue)
            $links.Count | Should -Be 1
            $links += @(Get-CadcDataUrl -Cutout 'ivo://cadc.nrc.ca/JCMT?scuba2_00004_20140101T100004/raw' -Coordinates M31)
            $text = $links | Out-String -Width $Width
            Assert-Fits $text
            Get-Column $text 'ID' | Should -Be $links.ID
            Get-Column $text 'Url' | Should -Be $links.Url
            @(Get-Column $text 'ID' | Select-Object -Unique).Count | Should -Be 2
        }
    }

    Context 'FITS header cards (CadcPS.FitsKeyword) and saved files' {
        BeforeAll {
            $script:Dir = Join-Path $TestDrive 'views'
            $script:Saved = @(Search-CadcTarget Nr3491_1 -Exact -Collection CFHT | Where-Object { $_.dataRelease -lt (Get-Date) } | Save-CadcImage -Path $Dir -PassThru)
        }

        It 'shows a header with every keyword, value and comment whole' {
            $file = Join-Path $Dir '2376543__2376543o.fits'
            $cards = @(Get-CadcFitsHeader $file)
            $text = $cards | Out-String -Width $Width
            Assert-Fits $text
            $text | Should -Match ([regex]::Escape("File: $file [HDU 0]"))
            Get-Header $text 'Keyword', 'Value', 'Comment' | Should -Not -BeNullOrEmpty
            Get-Column $text 'Keyword' | Should -Be $cards.Keyword
            # wrapped cells break anywhere, at a blank too: compare them without blanks
            Get-Column $text 'Value' | ForEach-Object { $_ -replace '\s' } | Should -Be @($cards | ForEach-Object { "$($_.Value)" -replace '\s' })
            Get-Column $text 'Comment' | ForEach-Object { $_ -replace '\s' } | Should -Be @($cards | ForEach-Object { "$($_.Comment)" -replace '\s' })
            $text | Should -Match 'synthetic test data \(not real observations\)'
            $text | Should -Match 'ivo://cadc\.nrc\.ca/CFHT\?2376543/2376543o'
        }

        It "shows Save-CadcImage -PassThru's files as Get-ChildItem does: folder, names and sizes" {
            $Saved.Count | Should -Be 4
            $text = $Saved | Out-String -Width $Width
            Assert-Fits $text
            $text | Should -BeExactly (Get-ChildItem $Dir | Sort-Object { [array]::IndexOf($Saved.Name, $_.Name) } | Out-String -Width $Width)
            foreach ($f in $Saved) { ($text -split '\r?\n' | Where-Object { $_ -match "\s$([regex]::Escape($f.Name))$" }) | Should -Match "\s$($f.Length)\s" }
            $Saved[0].PSPath | Should -Not -BeNullOrEmpty
            $Saved[0].NAXIS | Should -Be 2
        }

        It 'shows the files of Receive-CadcJob -OutFile and Export-CadcVOTable -PassThru as Get-Item does' {
            $job = Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation' -Async | Wait-CadcJob
            try {
                $out = Join-Path $Dir 'job.vot'
                $file = $job | Receive-CadcJob -OutFile $out
                $file.PSPath | Should -Not -BeNullOrEmpty
                ($file | Out-String -Width $Width) | Should -BeExactly (Get-Item $out | Out-String -Width $Width)
                $exported = Join-Path $Dir 'rows.vot'
                $file = $job | Receive-CadcJob | Export-CadcVOTable -Path $exported -PassThru
                ($file | Out-String -Width $Width) | Should -BeExactly (Get-Item $exported | Out-String -Width $Width)
                ($file | Out-String -Width $Width) | Should -Match "\s$((Get-Item $exported).Length) rows\.vot"
            }
            finally { $job | Remove-CadcJob -Confirm:$false }
        }

        It 'shows the file of Invoke-CadcTap -OutFile as Get-Item does' {
            $out = Join-Path $Dir 'jcmt.csv'
            $file = Invoke-CadcTap "SELECT observationID FROM caom2.Observation WHERE collection = 'JCMT'" -OutFile $out -OutFormat Csv
            ($file | Out-String -Width $Width) | Should -BeExactly (Get-Item $out | Out-String -Width $Width)
        }
    }
}
