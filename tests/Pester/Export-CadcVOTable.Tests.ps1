#Requires -Version 7.0
# Results keep their metadata and go out (and back in) as VOTable: Export-CadcVOTable, ConvertTo-CadcVOTable,
# Import-CadcVOTable and Get-CadcColumn against the CADC sandbox; the files are read by astropy and STILTS too
# (Debian's python3-astropy and stilts, which tools/bootstrap.sh installs).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Rows = @(Invoke-CadcTap 'SELECT TOP 30 * FROM caom2.Plane ORDER BY planeID')
    $script:Fields = @{}
    # The service's own FIELD metadata, read independently of CadcPS's rows: from its VOTable, with astropy.
    $raw = Join-Path $TestDrive 'raw.xml'
    Invoke-CadcTap 'SELECT TOP 30 * FROM caom2.Plane ORDER BY planeID' -OutFile $raw | Out-Null
    $script:RawFile = $raw
    function Read-WithAstropy([string]$Path) {
        $script = @'
import sys, json, warnings
warnings.simplefilter("ignore")
from astropy.io.votable import parse
t = parse(sys.argv[1]).get_first_table()
print(json.dumps({"rows": len(t.array), "fields": [[f.name, f.datatype, str(f.unit) if f.unit is not None else None, f.ucd, f.xtype] for f in t.fields]}))
'@
        $out = & /usr/bin/python3 -c $script $Path 2>&1
        if ($LASTEXITCODE -ne 0) { throw "astropy could not read ${Path}: $out" }
        $out | ConvertFrom-Json
    }
}

Describe 'Invoke-CadcTap | Where-Object | Export-CadcVOTable | Import-CadcVOTable' {
    It 'gives back the same values and metadata, in <_>' -ForEach @('TableData', 'Binary2') {
        $file = Join-Path $TestDrive "planes-$_.xml"
        $kept = @($Rows | Where-Object calibrationLevel -ge 1)
        $kept.Count | Should -BeGreaterThan 3
        $Rows | Where-Object calibrationLevel -ge 1 | Export-CadcVOTable $file -Serialization $_
        $back = @(Import-CadcVOTable $file)
        $back.Count | Should -Be $kept.Count
        $names = $kept[0].psobject.Properties.Name
        $back[0].psobject.Properties.Name | Should -Be $names
        # Each row's values as JSON and their types, compared a row at a time.
        $types = { param($r) ($names | ForEach-Object { if ($null -eq $r.$_) { "${_}:null" } else { "${_}:" + $r.$_.GetType().FullName } }) -join ' ' }
        for ($i = 0; $i -lt $kept.Count; $i++) {
            (& $types $back[$i]) | Should -Be (& $types $kept[$i]) -Because "row $i"
            ($back[$i] | ConvertTo-Json -Compress -Depth 5) | Should -Be ($kept[$i] | ConvertTo-Json -Compress -Depth 5) -Because "row $i"
        }
        $cols = @($back | Get-CadcColumn)
        $orig = @($kept | Get-CadcColumn)
        $cols.Count | Should -Be $orig.Count
        for ($c = 0; $c -lt $cols.Count; $c++) {
            foreach ($p in 'Name', 'Datatype', 'XType', 'Unit', 'Ucd', 'Utype', 'Description') {
                $cols[$c].$p | Should -Be $orig[$c].$p -Because "column $($orig[$c].Name) $p"
            }
        }
    }

    It 'keeps the service''s units and UCDs: astropy reads the same FIELDs from the export as from the service''s own file' {
        $file = Join-Path $TestDrive 'astropy.xml'
        $Rows | Export-CadcVOTable $file -Serialization Binary2
        $service = Read-WithAstropy $RawFile
        $exported = Read-WithAstropy $file
        $exported.rows | Should -Be 30
        ($exported.fields | ConvertTo-Json -Compress) | Should -Be ($service.fields | ConvertTo-Json -Compress)
        @($service.fields | Where-Object { $_[2] }).Count | Should -BeGreaterThan 3 -Because 'the sandbox sends units'
    }

    It 'is read by STILTS with the same row count, units and UCDs' {
        $file = Join-Path $TestDrive 'stilts.xml'
        $Rows | Select-Object obsID, position_bounds, energy_bounds_lower, time_bounds | Export-CadcVOTable $file
        $meta = (& stilts tpipe "in=$file" ifmt=votable omode=meta 2>&1) -join "`n"
        $LASTEXITCODE | Should -Be 0 -Because $meta
        $meta | Should -Match 'Rows:\s+30'
        $meta | Should -Match 'position_bounds\(double\[\*\]\)/deg'
        $meta | Should -Match 'energy_bounds_lower\(Double\)/m'
        $count = (& stilts tpipe "in=$file" ifmt=votable omode=count 2>&1) -join ' '
        $count | Should -Match 'rows: 30'
    }
}

Describe 'Export-CadcVOTable never replaces or leaves a partial file' {
    It 'refuses an existing file without -Force (FileExists) and replaces it with -Force' {
        $file = Join-Path $TestDrive 'exists.xml'
        'precious' | Set-Content $file
        { $Rows | Export-CadcVOTable $file -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,CadcPS.Commands.ExportCadcVOTableCommand'
        Get-Content $file | Should -Be 'precious'
        $Rows | Export-CadcVOTable $file -Force
        @(Import-CadcVOTable $file).Count | Should -Be 30
    }

    It 'a value that does not fit ends the export (InvalidTableValue) and leaves no file' {
        $file = Join-Path $TestDrive 'bad.xml'
        $objects = @(1..1005 | ForEach-Object { [pscustomobject]@{ x = "$_" } }) + [pscustomobject]@{ x = 'not a number' }
        { $objects | Export-CadcVOTable $file -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTableValue,CadcPS.Commands.ExportCadcVOTableCommand'
        Test-Path $file | Should -BeFalse
        Test-Path "$file.part" | Should -BeFalse
    }

    It 'never writes through a link planted at the .part' {
        $outside = Join-Path $TestDrive 'outside.txt'
        'outside' | Set-Content $outside
        $file = Join-Path $TestDrive 'linked.xml'
        $null = New-Item -ItemType SymbolicLink -Path "$file.part" -Target $outside
        $Rows | Export-CadcVOTable $file
        Get-Content $outside | Should -Be 'outside'
        @(Import-CadcVOTable $file).Count | Should -Be 30
        Test-Path "$file.part" | Should -BeFalse
    }

    It '-WhatIf writes nothing' {
        $file = Join-Path $TestDrive 'whatif.xml'
        $Rows | Export-CadcVOTable $file -WhatIf
        Test-Path $file | Should -BeFalse
    }
}

Describe 'Export-CadcVOTable of other objects' {
    It 'types Import-Csv columns from their values' {
        $csv = Join-Path $TestDrive 't.csv'
        "name,ra,dec,n,when`nM31,10.6847,41.269,3,2020-01-02T03:04:05Z`nVega,279.2347,38.7837,4,2021-06-30" | Set-Content $csv
        $file = Join-Path $TestDrive 'csv.xml'
        Import-Csv $csv | Export-CadcVOTable $file
        $cols = @(Import-CadcVOTable $file | Get-CadcColumn)
        $cols.Datatype | Should -Be @('char', 'double', 'double', 'long', 'char')
        $cols[4].XType | Should -Be 'timestamp'
        $back = @(Import-CadcVOTable $file)
        $back[1].ra | Should -Be 279.2347
        $back[0].when | Should -Be ([datetime]::new(2020, 1, 2, 3, 4, 5, [DateTimeKind]::Utc))
    }
}
