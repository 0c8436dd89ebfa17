#Requires -Version 5.1
<#
.SYNOPSIS
    A scheduled job as a CadcPS user would write it: log in to CADC, save every file of one target
    (proprietary ones included) into a folder, stop at the first error. Used by UserStories.ScheduledScript.Tests.ps1.
.EXAMPLE
    $env:CADC_PASSWORD = '...'; pwsh -NoProfile -NonInteractive -File Save-CadcNightly.ps1 -Target Nr3491_1 -OutDir ./data
#>
param(
    [Parameter(Mandatory)] [string] $Target,
    [Parameter(Mandatory)] [string] $OutDir,
    [string] $UserName = 'cadcauthtest1',
    [string] $RegistryUrl = 'http://127.0.0.1:8090/reg/resource-caps'
)
$ErrorActionPreference = 'Stop'
Import-Module CadcPS

$password = ConvertTo-SecureString $env:CADC_PASSWORD -AsPlainText -Force
$credential = New-Object System.Management.Automation.PSCredential ($UserName, $password)
Connect-Cadc -Credential $credential -RegistryUrl $RegistryUrl

$files = @(Search-CadcTarget $Target -Exact | Save-CadcImage -Path $OutDir -PassThru)
"Saved $($files.Count) files to $OutDir"
Disconnect-Cadc
