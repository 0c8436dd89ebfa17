@{
    RootModule           = 'CadcPS.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6b0f3c5e-8e7a-4c1f-9a53-2f1d8c4e7b90'
    Author               = 'CadcPS contributors'
    CompanyName          = 'CadcPS contributors'
    Copyright            = '(c) CadcPS contributors. MIT License.'
    Description          = 'Scripted access to the Canadian Astronomy Data Centre (CADC): ADQL queries over the CAOM2 archive through TAP, streamed as one object per row. The PowerShell counterpart of astroquery.cadc.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('CadcPS.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Cadc'
        'ConvertTo-CadcVOTable'
        'Disconnect-Cadc'
        'Export-CadcVOTable'
        'Get-CadcCollection'
        'Get-CadcColumn'
        'Get-CadcConfiguration'
        'Get-CadcDataUrl'
        'Get-CadcFitsHeader'
        'Get-CadcJob'
        'Get-CadcSession'
        'Get-CadcTable'
        'Import-CadcVOTable'
        'Invoke-CadcTap'
        'Receive-CadcJob'
        'Remove-CadcJob'
        'Save-CadcImage'
        'Search-CadcRegion'
        'Search-CadcTarget'
        'Set-CadcConfiguration'
        'Stop-CadcJob'
        'Wait-CadcJob'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('CADC', 'astronomy', 'TAP', 'ADQL', 'VO', 'IVOA', 'CAOM2', 'VOTable', 'astroquery', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/cadcps/CadcPS/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/cadcps/CadcPS'
            ReleaseNotes = 'See https://github.com/cadcps/CadcPS/blob/main/CHANGELOG.md (also CHANGELOG.md in the module folder). First release: ADQL queries over CADC TAP streamed as objects (sync, async jobs, uploads), region and target search of CAOM2, DataLink URLs, file and cutout downloads, FITS headers, and CADC login.'
        }
    }
}
