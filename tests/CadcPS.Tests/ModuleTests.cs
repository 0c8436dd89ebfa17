using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.Loader;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>The module folder as shipped: layout, manifest, dependency isolation, help, completion.</summary>
    public sealed class ModuleTests
    {
        internal static readonly string[] Cmdlets = { "Connect-Cadc", "ConvertTo-CadcVOTable", "Disconnect-Cadc", "Export-CadcVOTable", "Get-CadcCollection", "Get-CadcColumn", "Get-CadcConfiguration", "Get-CadcDataUrl", "Get-CadcFitsHeader", "Get-CadcJob", "Get-CadcSession", "Get-CadcTable", "Import-CadcVOTable", "Invoke-CadcTap", "Receive-CadcJob", "Remove-CadcJob", "Save-CadcImage", "Search-CadcRegion", "Search-CadcTarget", "Set-CadcConfiguration", "Stop-CadcJob", "Wait-CadcJob" };

        [Fact]
        public void TheModuleFolder_HoldsManifestAssembliesAndHelp_AndNoEngineAssembly()
        {
            var root = Repo.ModuleFolder;
            foreach (var f in new[] { "CadcPS.psd1", "CadcPS.dll", "CadcPS.Format.ps1xml", "en-US/CadcPS.dll-Help.xml", "en-US/about_CadcPS.help.txt", "en-US/about_CadcPS_Errors.help.txt", "lib/Cadc.Core.dll", "lib/Polly.Core.dll",
                                      "lib/Microsoft.Extensions.Http.dll", "lib/Microsoft.Extensions.DependencyInjection.Abstractions.dll", "LICENSE", "CHANGELOG.md" })
                Assert.True(File.Exists(Path.Combine(root, f)), f + " missing from out/CadcPS");
            var shipped = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
            Assert.DoesNotContain("System.Management.Automation.dll", shipped);
            Assert.DoesNotContain(shipped, f => f!.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) && f.StartsWith("System.", StringComparison.Ordinal));
            // Only the cmdlet assembly sits next to the manifest; everything else is under lib/ where only our resolver looks.
            Assert.Equal(new[] { "CadcPS.dll" }, Directory.GetFiles(root, "*.dll").Select(Path.GetFileName).ToArray());
        }

        [Fact]
        public void TheManifest_DeclaresEditionsVersionAndExplicitCmdlets()
        {
            using var e = new Engine(import: false);
            var r = e.Run("Test-ModuleManifest -Path $p", new System.Collections.Generic.Dictionary<string, object?> { ["p"] = Repo.ModuleManifest }).AssertNoErrors();
            var info = (PSModuleInfo)Assert.Single(r.Output).BaseObject;
            Assert.Equal(new[] { "Core", "Desktop" }, info.CompatiblePSEditions.OrderBy(x => x).ToArray());
            Assert.Equal(new Version(5, 1), info.PowerShellVersion);
            Assert.Equal(Cmdlets, info.ExportedCmdlets.Keys.OrderBy(x => x, StringComparer.Ordinal).ToArray());
            Assert.Equal("CadcPS.Format.ps1xml", System.IO.Path.GetFileName(Assert.Single(info.ExportedFormatFiles)));
            Assert.False(string.IsNullOrWhiteSpace(info.Description));
            Assert.NotNull(info.LicenseUri);
            Assert.NotNull(info.ProjectUri);
            Assert.Contains("CADC", info.Tags);
        }

        [Fact]
        public void TheAssemblies_CarryTheManifestsModuleVersion()
        {
            // CadcPS.psd1 is the one version source: Directory.Build.props reads it for both assemblies.
            var v = Manifest().Version;
            var expected = new Version(v.Major, v.Minor, Math.Max(v.Build, 0), Math.Max(v.Revision, 0));
            foreach (var dll in new[] { "CadcPS.dll", "lib/Cadc.Core.dll" })
            {
                var path = Path.Combine(Repo.ModuleFolder, dll);
                Assert.Equal(expected, System.Reflection.AssemblyName.GetAssemblyName(path).Version);
                var file = System.Diagnostics.FileVersionInfo.GetVersionInfo(path);
                Assert.Equal(expected, Version.Parse(file.FileVersion!));
                Assert.StartsWith(v.ToString(), file.ProductVersion);
            }
        }

        [Fact]
        public void TheReleaseNotes_PointToTheChangelog_WhichHasASectionForTheManifestsVersion()
        {
            var m = Manifest();
            Assert.Contains("CHANGELOG.md", m.ReleaseNotes);
            var text = File.ReadAllText(Path.Combine(Repo.ModuleFolder, "CHANGELOG.md"));
            Assert.Equal(File.ReadAllText(Path.Combine(Repo.Root, "CHANGELOG.md")), text);
            var sections = System.Text.RegularExpressions.Regex.Matches(text, @"(?m)^## \[([^\]]+)\]").Cast<System.Text.RegularExpressions.Match>().Select(x => x.Groups[1].Value).ToList();
            if (sections.Contains(m.Version.ToString())) return;
            // Not released yet: then it is what [Unreleased] is preparing, newer than every released section.
            Assert.True(sections.Contains("Unreleased"), $"CHANGELOG.md has neither a [{m.Version}] nor an [Unreleased] section");
            foreach (var s in sections.Where(s => s != "Unreleased"))
                Assert.True(Version.Parse(s) < m.Version, $"CHANGELOG.md releases [{s}], not older than the manifest's {m.Version}: bump ModuleVersion");
        }

        /// <summary>The shipped manifest as PowerShell reads it (not the regex Directory.Build.props uses).</summary>
        internal static PSModuleInfo Manifest()
        {
            using var e = new Engine(import: false);
            var r = e.Run("Test-ModuleManifest -Path $p", Engine.Vars(("p", Repo.ModuleManifest))).AssertNoErrors();
            return (PSModuleInfo)Assert.Single(r.Output).BaseObject;
        }

        [Fact]
        public void Import_ExportsExactlyTheDeclaredCmdlets()
        {
            using var e = new Engine();
            var r = e.Run("Get-Command -Module CadcPS | ForEach-Object Name").AssertNoErrors();
            Assert.Equal(Cmdlets, r.Output.Select(o => (string)o.BaseObject).OrderBy(x => x, StringComparer.Ordinal).ToArray());
        }

        [Fact]
        public void Dependencies_LoadIntoTheModulesOwnContext_NextToAConflictingVersion()
        {
            // This process loaded Microsoft.Extensions.DependencyInjection.Abstractions 2.2 first (Engine's static constructor);
            // the module needs 8.0 of it. Both must live side by side and the module must work.
            Sandbox.Require();
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap 'SELECT TOP 3 obsID FROM caom2.Observation'").AssertNoErrors();
            Assert.Equal(3, r.Output.Count);

            Assert.Equal(2, ConflictingDependency.Assembly.GetName().Version!.Major);
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(ConflictingDependency.Assembly));
            var core = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "Cadc.Core");
            var moduleContext = AssemblyLoadContext.GetLoadContext(core)!;
            Assert.NotSame(AssemblyLoadContext.Default, moduleContext);
            var theirs = moduleContext.Assemblies.Single(a => a.GetName().Name == "Microsoft.Extensions.DependencyInjection.Abstractions");
            Assert.Equal(8, theirs.GetName().Version!.Major);
            Assert.StartsWith(Path.Combine(Repo.ModuleFolder, "lib"), theirs.Location);
            Assert.Contains(moduleContext.Assemblies, a => a.GetName().Name == "Polly.Core");
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name is "Polly.Core" or "Cadc.Core" or "Microsoft.Extensions.Http");
        }

        [Fact]
        public void NoThirdPartyType_AppearsInAnyParameter()
        {
            using var e = new Engine();
            var r = e.Run("Get-Command -Module CadcPS | ForEach-Object { $_.Parameters.Values } | ForEach-Object { $_.ParameterType.Assembly.GetName().Name } ").AssertNoErrors();
            var assemblies = r.Output.Select(o => (string)o.BaseObject).Distinct().ToArray();
            Assert.All(assemblies, a => Assert.True(a is "System.Private.CoreLib" or "System.Management.Automation" or "CadcPS" or "System.Runtime", a));
        }

        [Fact]
        public void Help_HasDescriptionParametersAndExamples()
        {
            using var e = new Engine();
            var r = e.Run("Get-Help Invoke-CadcTap -Full").AssertNoErrors();
            dynamic help = Assert.Single(r.Output);
            string synopsis = help.Synopsis.ToString();
            Assert.Contains("ADQL", synopsis);
            var examples = e.Run("(Get-Help Invoke-CadcTap).examples.example | ForEach-Object { $_.code }").AssertNoErrors();
            Assert.True(examples.Output.Count >= 4);
            Assert.Contains(examples.Output, o => o.ToString().Contains("Where-Object collection -eq 'CFHT'"));
            var parameters = e.Run("(Get-Help Invoke-CadcTap -Parameter MaxRecords).description | ForEach-Object Text").AssertNoErrors();
            Assert.Contains("MAXREC", string.Join(" ", parameters.Output));
        }

        [Theory]
        [InlineData("Get-CadcCollection")]
        [InlineData("Get-CadcTable")]
        [InlineData("Search-CadcRegion")]
        [InlineData("Search-CadcTarget")]
        [InlineData("Get-CadcJob")]
        [InlineData("Wait-CadcJob")]
        [InlineData("Receive-CadcJob")]
        [InlineData("Stop-CadcJob")]
        [InlineData("Remove-CadcJob")]
        [InlineData("Get-CadcFitsHeader")]
        [InlineData("Get-CadcDataUrl")]
        [InlineData("Save-CadcImage")]
        [InlineData("Connect-Cadc")]
        [InlineData("Disconnect-Cadc")]
        [InlineData("Get-CadcSession")]
        public void EveryCmdlet_HasHelpWithExamples(string name)
        {
            using var e = new Engine();
            var r = e.Run("$h = Get-Help $n -Full; $h.Synopsis; @($h.examples.example).Count; @($h.parameters.parameter | Where-Object { $_ -and -not $_.description }).Count",
                new System.Collections.Generic.Dictionary<string, object?> { ["n"] = name }).AssertNoErrors();
            Assert.Equal(3, r.Output.Count);
            Assert.True(r.Output[0].ToString().Length > 20, "synopsis: " + r.Output[0]);
            Assert.True((int)r.Output[1].BaseObject >= 3, "examples: " + r.Output[1]);
            Assert.Equal(0, (int)r.Output[2].BaseObject);
        }

        [Fact]
        public void TheFormatFile_LoadsIntoASession_AndHasTheDefaultViews()
        {
            var path = Path.Combine(Repo.ModuleFolder, "CadcPS.Format.ps1xml");
            var iss = System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2();
            iss.Formats.Add(new System.Management.Automation.Runspaces.SessionStateFormatEntry(path));
            iss.ThrowOnRunspaceOpenError = true;
            using (var rs = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace(iss)) rs.Open();
            var views = System.Xml.Linq.XDocument.Load(path).Descendants("ViewSelectedBy").Select(v => v.Value.Trim()).OrderBy(x => x, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "CadcPS.Collection", "CadcPS.Column", "CadcPS.Commands.CadcJob", "CadcPS.Commands.CadcSessionInfo", "CadcPS.DataLink", "CadcPS.FitsHeader", "CadcPS.FitsKeyword", "CadcPS.JobListEntry", "CadcPS.JobListLink", "CadcPS.Observation", "CadcPS.Table" }, views);
        }

        [Fact]
        public void ThePesterFilesAndBuildScript_ParseWithoutErrors()
        {
            // pwsh is not here to run them; the engine's parser at least keeps them valid PowerShell.
            var files = Directory.GetFiles(Path.Combine(Repo.Root, "tests", "Pester"), "*.ps1").Append(Path.Combine(Repo.Root, "build.ps1")).ToList();
            Assert.True(files.Count >= 10);
            foreach (var f in files)
            {
                System.Management.Automation.Language.Parser.ParseFile(f, out _, out var errors);
                Assert.True(errors.Length == 0, f + ": " + string.Join("; ", errors.Select(x => x.Message + " at line " + x.Extent.StartLineNumber)));
            }
            // a Pester file for every exported cmdlet (the job cmdlets' async entry point lives in Invoke-CadcTap's)
            foreach (var cmdlet in Cmdlets)
                Assert.True(File.Exists(Path.Combine(Repo.Root, "tests", "Pester", cmdlet + ".Tests.ps1")), "no Pester file for " + cmdlet);
        }

        [Fact]
        public void ResponseFormat_TabCompletes()
        {
            using var e = new Engine();
            var r = e.Run("$s = 'Invoke-CadcTap x -ResponseFormat votable/'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText").AssertNoErrors();
            var texts = r.Output.Select(o => o.ToString()).ToArray();
            Assert.Contains("votable/td", texts);
            Assert.Contains("votable/b2", texts);
        }

        [Fact]
        public void EachRunspace_HasItsOwnSession()
        {
            Sandbox.Require();
            using var a = new Engine();
            using var b = new Engine();
            // Without the disk cache, which every runspace of a process (and every process) shares on purpose.
            var first = a.Run("Set-CadcConfiguration -DocumentCacheSec 0; Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -Verbose").AssertNoErrors();
            Assert.Contains(first.Verbose, v => v.Contains("/reg/argus/capabilities"));
            // b has its own (empty) cache: it reads the registry again rather than reusing a's.
            var second = b.Run("Set-CadcConfiguration -DocumentCacheSec 0; Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -RegistryUrl $r -Verbose", new System.Collections.Generic.Dictionary<string, object?> { ["r"] = Sandbox.RegistryUrl }).AssertNoErrors();
            Assert.Contains(second.Verbose, v => v.Contains("/reg/argus/capabilities"));
        }
    }
}
