using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>
    /// The bad-input matrix: what users get wrong, across the cmdlets. Each gives one error with a stable
    /// ErrorId and a readable message (no stack trace), and writes nothing.
    /// </summary>
    public sealed class BadInputTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-bad-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Theory]
        // Invoke-CadcTap
        [InlineData("Invoke-CadcTap ''", "EmptyQuery")]
        [InlineData("Invoke-CadcTap 'SELEC obsID FROM caom2.Observation'", "TapQueryError")]
        [InlineData("Invoke-CadcTap 'SELECT * FROM nosuch.table'", "TapQueryError")]
        [InlineData("Invoke-CadcTap 'SELECT 1' -ResponseFormat csv", "UnsupportedResponseFormat")]
        [InlineData("Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -OutFile $dir", "OutFileNotWritable")]
        [InlineData("Invoke-CadcTap 'SELECT TOP 1 obsID FROM caom2.Observation' -OutFile (\"$dir/no/such/dir/x.xml\")", "OutFileNotWritable")]
        [InlineData("Invoke-CadcTap 'SELECT 1' -RegistryUrl 'not a url'", "InvalidRegistryUrl")]
        [InlineData("Invoke-CadcTap 'SELECT 1' -Service 'ftp://example.org/tap'", "InvalidServiceUrl")]
        [InlineData("Invoke-CadcTap 'SELECT 1' -Service 'ivo://cadc.nrc.ca/nosuch'", "ServiceNotInRegistry")]
        [InlineData("Invoke-CadcTap 'SELECT 1' -Wait", "WaitWithoutAsync")]
        [InlineData("Invoke-CadcTap 'SELECT 1' -Async -OutFile (\"$dir/x.xml\")", "OutFileNeedsWait")]
        [InlineData("Invoke-CadcTap 'SELECT 1' -Upload @{ '1bad' = [pscustomobject]@{ a = 1 } }", "InvalidUpload")]
        [InlineData("Invoke-CadcTap 'SELECT 1' -Upload @{ t = (\"$dir/missing.csv\") }", "InvalidUpload")]
        [InlineData("Invoke-CadcTap 'SELECT 1' -Upload @{ t = [pscustomobject]@{ a = 'x' } } -UploadColumnType @{ a = 'long' }", "InvalidUpload")]
        // Search-CadcRegion
        [InlineData("Search-CadcRegion '400 20'", "InvalidCoordinates")]
        [InlineData("Search-CadcRegion '10 95'", "InvalidCoordinates")]
        [InlineData("Search-CadcRegion '12:61:00 +10:00:00'", "InvalidCoordinates")]
        [InlineData("Search-CadcRegion '10 20' -Radius 0", "InvalidRadius")]
        [InlineData("Search-CadcRegion '10 20' -Radius 200", "InvalidRadius")]
        [InlineData("Search-CadcRegion '10 20' -Radius 'two arcmin'", "InvalidRadius")]
        [InlineData("Search-CadcRegion 'No Such Object 42'", "TargetNotResolved")]
        [InlineData("[pscustomobject]@{ colour = 'x' } | Search-CadcRegion", "InvalidCoordinates")]
        // a name property is a target name now (a CSV of names): one that no resolver knows
        [InlineData("[pscustomobject]@{ name = 'No Such Object 42' } | Search-CadcRegion", "TargetNotResolved")]
        // Search-CadcTarget
        [InlineData("Search-CadcTarget ' '", "InvalidTargetName")]
        [InlineData("Search-CadcTarget \"a`nb\"", "InvalidTargetName")]
        // Collections and tables
        [InlineData("Get-CadcCollection NOSUCH", "CollectionNotFound")]
        [InlineData("Get-CadcTable caom2.nosuch", "TableNotFound")]
        [InlineData("Get-CadcTable ' '", "TableNotFound")]
        // Jobs
        [InlineData("Get-CadcJob nosuchjob", "JobNotFound")]
        [InlineData("Wait-CadcJob nosuchjob", "JobNotFound")]
        [InlineData("Receive-CadcJob nosuchjob", "JobNotFound")]
        [InlineData("Stop-CadcJob nosuchjob -Confirm:$false", "JobNotFound")]
        [InlineData("Remove-CadcJob nosuchjob -Confirm:$false", "JobNotFound")]
        // Logging in
        [InlineData("Connect-Cadc -CertificatePath (\"$dir/missing/cadcproxy.pem\")", "CertificateNotFound")]
        [InlineData("Connect-Cadc -CertificatePath /etc/hostname", "CertificateInvalid")]
        [InlineData("Connect-Cadc -CertificatePath $dir", "CertificateInvalid")]
        [InlineData("Connect-Cadc -Credential ([pscredential]::new('cadcauthtest1', [securestring]::new()))", "LoginFailed")]
        [InlineData("Connect-Cadc -Credential ([pscredential]::new('nosuchuser', [securestring]::new()))", "LoginFailed")]
        [InlineData("Connect-Cadc -Token ([securestring]::new())", "CredentialRequired")]
        [InlineData("Connect-Cadc -Credential ([pscredential]::new('cadcauthtest1', [securestring]::new())) -RegistryUrl 'ftp://x/reg'", "InvalidRegistryUrl")]
        // Files
        [InlineData("Get-CadcFitsHeader /etc/hostname", "InvalidFits")]
        [InlineData("Get-CadcFitsHeader (\"$dir/none.fits\")", "FitsFileNotFound")]
        [InlineData("Get-CadcDataUrl 'not an id'", "DataLinkIdError")]
        [InlineData("'ivo://cadc.nrc.ca/CFHT?2376543/2376543o' | Save-CadcImage -Path /etc/hostname", "OutFileNotWritable")]
        [InlineData("'ivo://cadc.nrc.ca/CFHT?2376543/2376543o' | Save-CadcImage -Path /proc/cadcps-nope", "OutFileNotWritable")]
        [InlineData("'ivo://cadc.nrc.ca/CFHT?2376543/2376543o' | Save-CadcImage -Path $dir -Coordinates '10 20' -Radius 1arcmin", "NoData")]
        [InlineData("Save-CadcImage -Path $dir", "MissingInput")]
        [InlineData("Save-CadcImage -Path $dir -Coordinates 'No Such Object 42'", "TargetNotResolved")]
        public void BadInput_GivesOneClearTypedError_AndWritesNothing(string script, string errorId)
        {
            Sandbox.Require();
            using var e = new Engine();
            var r = e.Run(script, new System.Collections.Generic.Dictionary<string, object?> { ["dir"] = _dir });
            var error = r.SingleError();
            Assert.Equal(errorId, error.FullyQualifiedErrorId.Split(',')[0]);
            var message = error.ErrorDetails?.Message ?? error.Exception.Message;
            Assert.False(string.IsNullOrWhiteSpace(message));
            Assert.DoesNotContain("   at ", message);
            Assert.DoesNotContain("Exception", message);
            Assert.Empty(r.Output);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
        }

        [Theory]
        [InlineData("Remove-CadcJob '.' -Confirm:$false")]
        [InlineData("Remove-CadcJob '..' -Confirm:$false")]
        [InlineData("Stop-CadcJob '..' -Confirm:$false")]
        [InlineData("Get-CadcJob 'a/../../tables'")]
        public void AJobIdThatIsAPath_IsRefused_BeforeAnyRequestToTheService(string script)
        {
            // '.' and '..' used to address the job list and the TAP root: Remove-CadcJob '.' sent DELETE to .../async/.
            using var server = new LoopbackServer(ctx => { ctx.Response.StatusCode = 200; return Task.CompletedTask; });
            using var e = new Engine();
            var error = e.Run(script + " -Service $u", new System.Collections.Generic.Dictionary<string, object?> { ["u"] = server.BaseUrl + "/tap" }).SingleError();
            Assert.StartsWith("JobNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Empty(server.Requests);
        }

        [Fact]
        public void ARegistryThatAnswersHtml_IsRegistryInvalid()
        {
            using var server = new LoopbackServer(async ctx =>
            {
                ctx.Response.ContentType = "text/html";
                await LoopbackServer.WriteAsync(ctx.Response, "<html><head><title>Maintenance</title></head><body>back soon</body></html>");
            });
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT 1' -RegistryUrl $r", new System.Collections.Generic.Dictionary<string, object?> { ["r"] = server.BaseUrl + "/reg/resource-caps" }).SingleError();
            Assert.StartsWith("RegistryInvalid,", error.FullyQualifiedErrorId);
        }
    }
}
