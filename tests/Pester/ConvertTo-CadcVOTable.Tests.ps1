#Requires -Version 7.0
# ConvertTo-CadcVOTable: rows as the text of a VOTable document. Against the CADC sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $script:Rows = @(Invoke-CadcTap 'SELECT TOP 30 * FROM caom2.Plane ORDER BY planeID')
}

Describe 'ConvertTo-CadcVOTable' {
    It 'ConvertTo-CadcVOTable gives the document as text' {
        $xml = [pscustomobject]@{ name = 'M31'; ra = 10.6847 } | ConvertTo-CadcVOTable
        $xml | Should -BeOfType [string]
        ([xml]$xml).VOTABLE.version | Should -Be '1.4'
        ([xml]$xml).VOTABLE.RESOURCE.TABLE.FIELD.datatype | Should -Be @('char', 'double')
    }

    It 'keeps the result''s metadata, as Export-CadcVOTable does' {
        $doc = [xml]($Rows | Select-Object energy_bounds_lower, position_bounds | ConvertTo-CadcVOTable -Serialization Binary2)
        $fields = $doc.VOTABLE.RESOURCE.TABLE.FIELD
        $fields[0].unit | Should -Be 'm'
        $fields[1].xtype | Should -Be 'polygon'
        $doc.VOTABLE.RESOURCE.TABLE.DATA.BINARY2.STREAM.encoding | Should -Be 'base64'
    }

    It 'no input is InvalidTableValue' {
        { @() | ConvertTo-CadcVOTable -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTableValue,CadcPS.Commands.ConvertToCadcVOTableCommand'
    }
}
