using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>
    /// Every cmdlet, run by a connected session with -Verbose -Debug (and made to fail where it can):
    /// no stream, no object's properties or ToString, no error or exception text may hold a secret.
    /// </summary>
    public sealed class SecretLeakTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-leak-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private static readonly string[] EveryCmdletRun =
        {
            "Connect-Cadc -Credential $c -RegistryUrl $reg -PassThru",
            "Connect-Cadc -Credential $w -RegistryUrl $reg",
            "Connect-Cadc -Credential $c -RegistryUrl $reg",
            "Get-CadcSession",
            "Set-CadcConfiguration -TimeoutSec 60 -PassThru; Get-CadcConfiguration",
            "Get-CadcCollection CFHT, NOSUCH",
            "Get-CadcTable caom2.Plane",
            "Get-CadcTable caom2.NoSuchTable",
            "Invoke-CadcTap 'SELECT TOP 3 obsID, collection FROM caom2.Observation'",
            "Invoke-CadcTap 'SELECT nonsense FROM nowhere'",
            "Search-CadcRegion '131.28125 54.3' -Collection CFHT",
            "Search-CadcTarget Nr3491_1 -Collection CFHT",
            "Search-CadcTarget NoSuchObjectAnywhere",
            "Get-CadcDataUrl $id",
            "$id | Save-CadcImage -Path $d -PassThru",
            "$id | Save-CadcImage -Path $d -Coordinates '131.28125 54.3' -Radius 1arcmin -PassThru",
            "'ivo://cadc.nrc.ca/CFHT?0/none' | Save-CadcImage -Path $d",
            "Get-CadcFitsHeader \"$d/2376545__2376545p.fits\"; Get-CadcFitsHeader \"$d/nosuch.fits\"",
            "$j = Invoke-CadcTap 'SELECT TOP 2 obsID FROM caom2.Observation' -Async; $j; $j | Get-CadcJob; $j | Wait-CadcJob; $j | Receive-CadcJob; $j | Stop-CadcJob; $j | Remove-CadcJob -Confirm:$false",
            "Get-CadcJob -Phase COMPLETED",
            "Receive-CadcJob 'http://127.0.0.1:8089/tap/async/nosuchjob'",
            "$r = Invoke-CadcTap 'SELECT TOP 3 obsID, dataRelease FROM caom2.Plane'; $r | Get-CadcColumn; $r | ConvertTo-CadcVOTable; $r | Export-CadcVOTable \"$d/r.xml\" -Force -PassThru; Import-CadcVOTable \"$d/r.xml\"; Import-CadcVOTable \"$d/nosuch.xml\"",
            "Disconnect-Cadc",
        };

        [Fact]
        public void NoSecret_ReachesAnyStream_OfAnyCmdlet()
        {
            var wrong = "Wr0ng-pa55word-" + Guid.NewGuid().ToString("N");
            var secrets = new[]
            {
                ConnectCadcTests.SandboxPassword,
                wrong,
                Convert.ToBase64String(Encoding.UTF8.GetBytes(ConnectCadcTests.SandboxUser + ":" + ConnectCadcTests.SandboxPassword)),
                Convert.ToBase64String(Encoding.UTF8.GetBytes(ConnectCadcTests.SandboxUser + ":" + wrong)),
            };
            var vars = Engine.Vars(("c", ConnectCadcTests.SandboxCredential()), ("w", ConnectCadcTests.SandboxCredential(wrong)),
                ("reg", Sandbox.RegistryUrl), ("id", ConnectCadcTests.ProprietaryFile), ("d", _dir));
            using var e = Engine.ForSandbox();
            var seen = new List<string>();
            foreach (var script in EveryCmdletRun)
            {
                var r = e.Run("$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; " + script.Replace("Invoke-CadcTap", "Invoke-CadcTap -Verbose -Debug"), vars);
                var text = Everything(r);
                seen.Add(script);
                foreach (var secret in secrets)
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret reached a stream of: {script}");
                if (script == "Get-CadcSession") Assert.Contains(ConnectCadcTests.SandboxUser, text); // the scan does see what is written
            }
            // the connected runs really used the credential: the proprietary file was saved
            Assert.True(File.Exists(Path.Combine(_dir, "2376545__2376545p.fits")));
            Assert.Equal(EveryCmdletRun.Length, seen.Count);
            var exported = e.Run("(Get-Module CadcPS).ExportedCmdlets.Keys").AssertNoErrors().Output.Select(o => o.ToString()).ToList();
            foreach (var cmdlet in exported)
                Assert.True(EveryCmdletRun.Any(s => s.Contains(cmdlet, StringComparison.OrdinalIgnoreCase)), $"{cmdlet} is not in the secret scan");
        }

        private static string Everything(RunResult r)
        {
            var sb = new StringBuilder();
            foreach (var o in r.Output)
            {
                sb.AppendLine(o.ToString());
                foreach (var p in o.Properties)
                {
                    try { sb.AppendLine(p.Name + "=" + p.Value); } catch (GetValueException) { }
                }
                sb.AppendLine(PSSerializer.Serialize(o, 2));
            }
            foreach (var error in r.AllErrors)
            {
                sb.AppendLine(error.ToString());
                sb.AppendLine(error.Exception.ToString());
                sb.AppendLine(error.ErrorDetails?.Message + " " + error.ErrorDetails?.RecommendedAction);
                sb.AppendLine(Convert.ToString(error.TargetObject));
                sb.AppendLine(error.CategoryInfo.ToString());
                sb.AppendLine(PSSerializer.Serialize(error, 3));
            }
            foreach (var line in r.Warnings.Concat(r.Verbose).Concat(r.Debug).Concat(r.Information)) sb.AppendLine(line);
            return sb.ToString();
        }
    }
}
