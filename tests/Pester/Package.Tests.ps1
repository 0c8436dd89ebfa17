#Requires -Version 5.1
# Pester 5: CadcPS as users get it. build.ps1 -Task Package makes the .nupkg, a folder repository serves it,
# Install-PSResource puts it in a fresh scope, and a new process imports CadcPS by name from there and
# queries the sandbox. The user's own PSResourceGet registrations and modules are left as found.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    # Part of PowerShell 7.4+; Windows PowerShell 5.1 needs it installed. Missing, these tests fail: they are not skipped.
    if (-not (Get-Module -ListAvailable Microsoft.PowerShell.PSResourceGet)) {
        throw 'Microsoft.PowerShell.PSResourceGet is not installed: Install-Module Microsoft.PowerShell.PSResourceGet.'
    }

    $script:OnWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
    $script:Shell = if ($PSVersionTable.PSEdition -eq 'Desktop') { Join-Path $PSHOME 'powershell.exe' }
                    elseif (Test-Path (Join-Path $PSHOME 'pwsh')) { Join-Path $PSHOME 'pwsh' }
                    elseif (Test-Path (Join-Path $PSHOME 'pwsh.exe')) { Join-Path $PSHOME 'pwsh.exe' }
                    else { (Get-Command pwsh -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source }
    $script:Version = (Import-PowerShellDataFile $ModuleManifest).ModuleVersion

    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('cadcps-package-' + [guid]::NewGuid().ToString('N'))
    $script:Feed = Join-Path $Work 'feed'
    # Linux/macOS: a temporary HOME is a fresh user to PSResourceGet, whose registrations file (under .NET's
    # LocalApplicationData) and CurrentUser scope both live under HOME. Its data and config folders must exist:
    # where .NET finds none, PSResourceGet and NuGet write relative to the working directory (the checkout).
    # Windows has no such switch (known folders): there Save-PSResource -Path, and the registration removed in finally.
    $script:FreshHome = Join-Path $Work 'home'
    $script:Installed = if ($OnWindows) { Join-Path $Work 'modules' } else { Join-Path $FreshHome '.local/share/powershell/Modules' }
    $null = New-Item -ItemType Directory -Force $Feed, $Installed
    if (-not $OnWindows) { $null = New-Item -ItemType Directory -Force (@('.config', '.cache', 'Library/Application Support') | ForEach-Object { Join-Path $FreshHome $_ }) }

    function Get-State([string] $Path) {
        if (Test-Path $Path -PathType Leaf) { (Get-FileHash $Path).Hash }
        elseif (Test-Path $Path) { (Get-ChildItem $Path -Recurse | ForEach-Object FullName) -join '|' }
        else { 'absent' }
    }
    $script:UserRepositories = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
    $script:UserModule = if ($OnWindows) { Join-Path ([Environment]::GetFolderPath('MyDocuments')) 'PowerShell/Modules/CadcPS' }
                         else { Join-Path $HOME '.local/share/powershell/Modules/CadcPS' }
    # Where PSResourceGet and NuGet write when they find no data or config folder.
    $script:Strays = @('PSResourceGet', 'NuGet') | ForEach-Object { Join-Path $RepoRoot $_ }
    $script:Before = @{ Repositories = Get-State $UserRepositories; Module = Get-State $UserModule; Strays = $Strays | ForEach-Object { Get-State $_ } }

    function Quote([string] $Text) { "'" + $Text.Replace("'", "''") + "'" }

    # Runs a script in a new -NoProfile -NonInteractive process, as the fresh user where the OS allows.
    function Invoke-Shell([string] $Script) {
        $saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME; XDG_CACHE_HOME = $env:XDG_CACHE_HOME }
        if (-not $OnWindows) {
            $env:HOME = $FreshHome
            $env:XDG_DATA_HOME = Join-Path $FreshHome '.local/share'; $env:XDG_CONFIG_HOME = Join-Path $FreshHome '.config'; $env:XDG_CACHE_HOME = Join-Path $FreshHome '.cache'
        }
        try {
            $out = & $Shell -NoProfile -NonInteractive -Command "`$ErrorActionPreference = 'Stop'; $Script" 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = (@($out | ForEach-Object { "$_" }) -join "`n") }
        }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'CadcPS as a package' {
    BeforeAll {
        if (Get-Module -ListAvailable Microsoft.PowerShell.PSResourceGet) {
            $script:Build = Invoke-Shell "& $(Quote (Join-Path $RepoRoot 'build.ps1')) -Task Package"
            $script:Nupkg = Join-Path $RepoRoot "out/packages/CadcPS.$Version.nupkg"
        }
    }

    It "is described by build.ps1's help" {
        $help = Get-Help (Join-Path $RepoRoot 'build.ps1') -Full
        $help.Synopsis | Should -Match 'packages CadcPS'
        ($help.Description | Out-String) | Should -Match 'Package : out/packages/CadcPS\.<version>\.nupkg'
        ($help.Examples | Out-String) | Should -Match 'Install-PSResource CadcPS'
    }

    It 'is made by build.ps1 -Task Package as out/packages/CadcPS.<version>.nupkg' {
        $Build.ExitCode | Should -Be 0 -Because $Build.Output
        $Nupkg | Should -Exist
        Copy-Item $Nupkg $Feed
    }

    It 'holds the module folder exactly as built, without System.Management.Automation.dll' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($Nupkg)
        try { $entries = @($zip.Entries | ForEach-Object { [uri]::UnescapeDataString($_.FullName) }) }
        finally { $zip.Dispose() }
        # NuGet's own parts; everything else is the module.
        $module = @($entries | Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$|CadcPS\.nuspec$)' }) | Sort-Object
        $root = (Resolve-Path (Split-Path $ModuleManifest)).Path
        $built = @(Get-ChildItem $root -Recurse -File | ForEach-Object { $_.FullName.Substring($root.Length + 1).Replace('\', '/') }) | Sort-Object
        $module | Should -Be $built
        $module | Should -Contain 'CadcPS.dll'
        $module | Should -Contain 'CadcPS.psd1'
        $module | Should -Contain 'CadcPS.Format.ps1xml'
        $module | Should -Contain 'en-US/CadcPS.dll-Help.xml'
        $module | Should -Contain 'lib/Cadc.Core.dll'
        $module | Should -Contain 'lib/Polly.Core.dll'
        $module | Should -Contain 'lib/Microsoft.Extensions.Http.dll'
        $module | Should -Contain 'CHANGELOG.md'
        $entries | Where-Object { $_ -like '*System.Management.Automation.dll' } | Should -BeNullOrEmpty
    }

    It 'describes itself from the manifest' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($Nupkg)
        try {
            $reader = New-Object IO.StreamReader ($zip.GetEntry('CadcPS.nuspec').Open())
            try { [xml] $nuspec = $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
        $nuspec.package.metadata.id | Should -Be 'CadcPS'
        $nuspec.package.metadata.version | Should -Be $Version
        $nuspec.package.metadata.releaseNotes | Should -Match 'CHANGELOG\.md'
        $nuspec.package.metadata.tags -split ' ' | Should -Contain 'PSModule'
    }

    It 'installs with Install-PSResource from a folder repository into a fresh scope' {
        $name = 'CadcPS-test-' + [guid]::NewGuid().ToString('N')
        $install = if ($OnWindows) { "Save-PSResource CadcPS -Repository $name -TrustRepository -Path $(Quote $Installed)" }
                   else { "Install-PSResource CadcPS -Repository $name -TrustRepository -Scope CurrentUser" }
        $r = Invoke-Shell @"
Register-PSResourceRepository -Name $name -Uri $(Quote $Feed) -Trusted
try { $install } finally { Unregister-PSResourceRepository -Name $name }
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        Join-Path $Installed "CadcPS/$Version/CadcPS.psd1" | Should -Exist
    }

    It 'imports by name in a new process from the installed folder and queries the sandbox' {
        $modulePath = @($Installed, (Join-Path $PSHOME 'Modules')) -join [IO.Path]::PathSeparator
        $r = Invoke-Shell @"
`$env:PSModulePath = $(Quote $modulePath)
`$m = Import-Module CadcPS -PassThru
`$rows = @(Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation' -RegistryUrl `$env:CADC_REGISTRY_URL)
`$core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Cadc.Core' }
'RESULT ' + (@{ Path = `$m.Path; Version = `$m.Version.ToString(); Rows = `$rows.Count; Core = `$core.Location } | ConvertTo-Json -Compress)
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $line = ($r.Output -split '\r?\n') | Where-Object { $_ -like 'RESULT *' } | Select-Object -Last 1
        $line | Should -Not -BeNullOrEmpty -Because $r.Output
        $result = $line.Substring(7) | ConvertFrom-Json
        $result.Rows | Should -Be 3
        $result.Version | Should -Be $Version
        $inside = [IO.Path]::GetFullPath((Join-Path $Installed 'CadcPS')) + [IO.Path]::DirectorySeparatorChar
        $result.Path | Should -BeLike "$inside*"
        $result.Core | Should -BeLike "$inside*"
        $result.Path | Should -Not -BeLike "$(Split-Path $ModuleManifest)*"
    }

    It "leaves the user's PSResourceGet registrations, user-scope CadcPS and the checkout as found" {
        Get-State $UserRepositories | Should -Be $Before.Repositories
        Get-State $UserModule | Should -Be $Before.Module
        $Strays | ForEach-Object { Get-State $_ } | Should -Be $Before.Strays
    }
}
