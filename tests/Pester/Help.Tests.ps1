#Requires -Version 5.1
# Pester 5 tests of the help as shipped (out/CadcPS/en-US): what Get-Help shows must match what the
# cmdlets are (Get-Command), so help that drifts from the code fails here. No sandbox needed.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $cmdlets = foreach ($name in (Import-PowerShellDataFile $ModuleManifest).CmdletsToExport) {
        $cmd = Get-Command $name -Module CadcPS
        @{
            Name       = $name
            Parameters = @($cmd.Parameters.Values | Where-Object Name -NotIn $common | ForEach-Object { @{ Cmdlet = $name; Parameter = $_.Name } })
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters
    $script:HelpFolder = Join-Path (Split-Path $ModuleManifest) 'en-US'

    # What help should say for a parameter, from its metadata in one parameter set.
    function Get-Expected($Metadata, $SetMetadata) {
        $type = $Metadata.ParameterType
        if ($type.IsGenericType -and $type.GetGenericTypeDefinition() -eq [Nullable`1]) { $type = $type.GetGenericArguments()[0] }
        [pscustomobject]@{
            Type          = $type.FullName
            Required      = $SetMetadata.IsMandatory
            Position      = if ($SetMetadata.Position -ge 0) { "$($SetMetadata.Position)" } else { 'named' }
            ByValue       = $SetMetadata.ValueFromPipeline
            ByPropertyName = $SetMetadata.ValueFromPipelineByPropertyName
            Aliases       = @($Metadata.Aliases | Sort-Object)
            Wildcards     = [bool]($Metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        }
    }

    function Get-HelpAlias($HelpParameter) {
        @("$($HelpParameter.aliases)" -split ',\s*' | Where-Object { $_ -and $_ -ne 'none' } | Sort-Object)
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $cmd = Get-Command $Name -Module CadcPS
        $help = Get-Help $Name -Full
        $helpParameters = @($help.parameters.parameter | Where-Object { $_ })
        $syntaxItems = @($help.syntax.syntaxItem | Where-Object { $_ })
        $known = @($cmd.Parameters.Keys | Where-Object { $_ -notin $Common })
    }

    It 'has a written synopsis and description, not the generated ones' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '\[<CommonParameters>\]'
        ($help.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($e in $examples) {
            "$($e.code)".Trim() | Should -Not -BeNullOrEmpty -Because $e.title
            (@($e.remarks.Text) -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because $e.title
        }
    }

    It 'names no parameter that the cmdlet does not have' {
        $named = @($helpParameters.name) + @($syntaxItems | ForEach-Object { $_.parameter } | Where-Object { $_ } | ForEach-Object name)
        $named | Where-Object { $_ -notin $known } | Sort-Object -Unique | Should -BeNullOrEmpty
    }

    It 'shows every parameter set in its syntax, with the same parameters' {
        $syntaxItems.Count | Should -Be $cmd.ParameterSets.Count
        foreach ($set in $cmd.ParameterSets) {
            $names = @($set.Parameters | Where-Object Name -NotIn $Common | ForEach-Object Name | Sort-Object)
            $item = $syntaxItems | Where-Object { (@($_.parameter | Where-Object { $_ } | ForEach-Object name | Sort-Object) -join ',') -eq ($names -join ',') }
            $item | Should -Not -BeNullOrEmpty -Because "parameter set '$($set.Name)' has $($names -join ', ')"
            foreach ($p in $set.Parameters | Where-Object Name -NotIn $Common) {
                $h = @($item)[0].parameter | Where-Object name -eq $p.Name
                $h.required | Should -Be ($p.IsMandatory.ToString().ToLowerInvariant()) -Because "-$($p.Name) in set '$($set.Name)'"
                $h.position | Should -Be $(if ($p.Position -ge 0) { "$($p.Position)" } else { 'named' }) -Because "-$($p.Name) in set '$($set.Name)'"
            }
        }
    }

    It 'documents -<Parameter> like its metadata' -ForEach $Parameters {
        $metadata = (Get-Command $Cmdlet -Module CadcPS).Parameters[$Parameter]
        $expected = Get-Expected $metadata @($metadata.ParameterSets.Values)[0]
        $h = @((Get-Help $Cmdlet -Full).parameters.parameter | Where-Object name -eq $Parameter)
        $h.Count | Should -Be 1 -Because "-$Parameter needs exactly one entry in the help's parameters"
        $h = $h[0]
        (@($h.description.Text) -join ' ').Trim() | Should -Not -BeNullOrEmpty
        (@($h.description.Text) -join ' ') | Should -Not -Match '\{\{'
        $h.type.name | Should -Be $expected.Type
        $h.required | Should -Be $expected.Required.ToString().ToLowerInvariant()
        $h.position | Should -Be $expected.Position
        "$($h.pipelineInput)" -match '\bByValue\b' | Should -Be $expected.ByValue -Because "pipelineInput is '$($h.pipelineInput)'"
        "$($h.pipelineInput)" -match '\bByPropertyName\b' | Should -Be $expected.ByPropertyName -Because "pipelineInput is '$($h.pipelineInput)'"
        Get-HelpAlias $h | Should -Be $expected.Aliases
        $h.globbing | Should -Be $expected.Wildcards.ToString().ToLowerInvariant()
        "$($h.defaultValue)" | Should -Not -BeNullOrEmpty
    }
}

Describe 'About topics' {
    It 'Get-Help about_CadcPS explains the concepts and the configuration' {
        $text = Get-Help about_CadcPS -ErrorAction Stop | Out-String
        foreach ($word in 'ADQL', 'CAOM2', 'registry', 'Connect-Cadc', 'Async', 'DataLink', 'SODA', '.part', 'CADC_REGISTRY_URL', '-RegistryUrl', '-Service', 'sandbox') {
            $text | Should -BeLike "*$word*"
        }
    }

    It 'Get-Help about_CadcPS_Errors lists the error ids' {
        $text = Get-Help about_CadcPS_Errors -ErrorAction Stop | Out-String
        foreach ($id in 'TapQueryError', 'NotAuthenticated', 'JobWaitTimeout', 'ChecksumMismatch', 'HttpError') {
            $text | Should -BeLike "*$id*"
        }
    }
}

Describe 'The shipped help folder' {
    It 'holds the cmdlet help and the about topics' {
        (Get-ChildItem $HelpFolder -File).Name | Sort-Object | Should -Be (@('CadcPS.dll-Help.xml', 'about_CadcPS.help.txt', 'about_CadcPS_Errors.help.txt') | Sort-Object)
    }

    It 'is well-formed MAML' {
        { [xml](Get-Content -Raw (Join-Path $HelpFolder 'CadcPS.dll-Help.xml')) } | Should -Not -Throw
    }

    It 'holds no sandbox password, nor do its sources' {
        $sources = Join-Path $RepoRoot 'docs'
        Get-ChildItem $HelpFolder, $sources -Recurse -File -ErrorAction SilentlyContinue |
            Select-String -SimpleMatch 'testpass123' | ForEach-Object { "$($_.Path):$($_.LineNumber)" } | Should -BeNullOrEmpty
    }
}
