#Requires -Version 7.0
# User story: a scheduled script is a fresh process. Its first query should not pay for compiling the module's
# libraries: Release builds ship ReadyToRun copies for the build platform in lib/<rid>/ (tools/CadcPS.ReadyToRun),
# which PowerShell 7 loads instead of the IL in lib/. Against the CADC sandbox, in a new pwsh.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Assert-SandboxUp
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $script:Rid = "$os-$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
    $script:Native = Join-Path $RepoRoot "out/CadcPS/lib/$Rid"
}

Describe 'Story: a fresh process runs its first query on precompiled libraries' {
    It 'the Release layout has ReadyToRun libraries for this platform, the same assemblies as lib/' {
        Test-Path (Join-Path $Native 'Cadc.Core.dll') | Should -BeTrue -Because 'out/CadcPS is the Release layout (dotnet build -c Release)'
        foreach ($file in Get-ChildItem $Native -Filter *.dll) {
            $il = Join-Path $RepoRoot "out/CadcPS/lib/$($file.Name)"
            Test-Path $il | Should -BeTrue -Because "$($file.Name) must shadow a library of lib/"
            [Reflection.AssemblyName]::GetAssemblyName($file.FullName).FullName | Should -Be ([Reflection.AssemblyName]::GetAssemblyName($il).FullName)
        }
    }

    It 'loads Cadc.Core from lib/<rid>/ and JIT-compiles none of the module''s libraries on the first query' {
        $jit = Join-Path $TestDrive 'jit.txt'
        $script = "Import-Module '$ModuleManifest'; " +
            "`$null = @(Invoke-CadcTap 'SELECT TOP 2000 * FROM perf.big' -MaxRecords 2000); " +
            "([Runtime.Loader.AssemblyLoadContext]::All.Assemblies | Where-Object { `$_.GetName().Name -eq 'Cadc.Core' }).Location"
        $env:DOTNET_JitStdOutFile = $jit; $env:DOTNET_JitDisasmSummary = '1'
        try { $location = & $PwshPath -NoProfile -NonInteractive -Command $script }
        finally { Remove-Item Env:DOTNET_JitStdOutFile, Env:DOTNET_JitDisasmSummary }
        # Not the exit code: with DOTNET_JitStdOutFile the runtime itself sometimes crashes while exiting (seen without
        # CadcPS's libraries in play); the query's own output says whether it ran.
        $location | Should -Be (Join-Path $Native 'Cadc.Core.dll')
        $compiled = @(Get-Content $jit | Where-Object { $_ -match 'JIT compiled (Cadc\.Core|Polly|Microsoft\.Extensions)\.' -and $_ -match 'Tier0|MinOpts' })
        # Without the ReadyToRun copies this query compiles about 800 of their methods at tier 0.
        $compiled.Count | Should -BeLessThan 150 -Because "$($compiled.Count) compiled: $($compiled | Select-Object -First 5 | Out-String)"
    }
}

Describe 'Story: the next fresh process finds the service without the registry' {
    BeforeAll {
        $script:Cache = Join-Path $TestDrive 'cache'
        function Invoke-Fresh([string] $Extra = '') {
            $outer = $env:CADCPS_CACHE
            $env:CADCPS_CACHE = $Cache
            try {
                & $PwshPath -NoProfile -NonInteractive -Command "Import-Module '$ModuleManifest'; $Extra Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Verbose 4>&1 | Where-Object { `$_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message"
            }
            finally { $env:CADCPS_CACHE = $outer }  # the test run's own folder (build.ps1), or none
        }
    }

    It 'reads the registry and capabilities once, then takes them from the cache for 10 minutes' {
        $first = @(Invoke-Fresh)
        ($first -match '^Reading the (registry|capabilities)').Count | Should -Be 2 -Because ($first -join "`n")
        $second = @(Invoke-Fresh)
        ($second -match '^Reading the (registry|capabilities)').Count | Should -Be 0 -Because ($second -join "`n")
        ($second -match 'from the cache').Count | Should -Be 2
    }

    It 'Set-CadcConfiguration -DocumentCacheSec 0 reads them again, and Get-CadcConfiguration shows the setting' {
        $again = @(Invoke-Fresh 'Set-CadcConfiguration -DocumentCacheSec 0;')
        ($again -match '^Reading the (registry|capabilities)').Count | Should -Be 2
        (Get-CadcConfiguration).DocumentCacheSec | Should -Be 600
    }
}
