#Requires -Version 7.0
# Import-CadcVOTable: saved VOTables (plain or gzip'd) back into rows typed as Invoke-CadcTap types them. Against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Rows = @(Invoke-CadcTap 'SELECT TOP 30 * FROM caom2.Plane ORDER BY planeID')
    $script:RawFile = Join-Path $TestDrive 'raw.xml'
    Invoke-CadcTap 'SELECT TOP 30 * FROM caom2.Plane ORDER BY planeID' -OutFile $RawFile | Out-Null
}

Describe 'Import-CadcVOTable' {
    It 'reads what Invoke-CadcTap -OutFile saved, typed as Invoke-CadcTap types it' {
        $back = @(Import-CadcVOTable -LiteralPath $RawFile)
        $back.Count | Should -Be 30
        $back[0].position_bounds.GetType().Name | Should -Be $Rows[0].position_bounds.GetType().Name
        $back[0].planeID | Should -Be $Rows[0].planeID
    }

    It 'reads a gzip''d file whatever its name' {
        $gz = Join-Path $TestDrive 'table.bin'
        $in = [IO.File]::OpenRead($RawFile); $out = [IO.File]::Create($gz)
        $zip = [IO.Compression.GZipStream]::new($out, [IO.Compression.CompressionMode]::Compress)
        $in.CopyTo($zip); $zip.Dispose(); $in.Dispose()
        @(Import-CadcVOTable $gz).Count | Should -Be 30
    }

    It 'a missing file is VOTableFileNotFound, a text file InvalidVOTable' {
        { Import-CadcVOTable (Join-Path $TestDrive 'none.xml') -ErrorAction Stop } | Should -Throw -ErrorId 'VOTableFileNotFound,CadcPS.Commands.ImportCadcVOTableCommand'
        $text = Join-Path $TestDrive 'text.xml'
        'hello' | Set-Content $text
        { Import-CadcVOTable $text -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidVOTable,CadcPS.Commands.ImportCadcVOTableCommand'
    }
}
