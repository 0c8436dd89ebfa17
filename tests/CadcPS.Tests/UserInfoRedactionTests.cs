using System.Linq;
using System.Management.Automation;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>A password written into a URL (http://user:password@host) is never shown: errors, -Verbose (Get-CadcSession: tests/Pester/Registry.Tests.ps1).</summary>
    public sealed class UserInfoRedactionTests
    {
        private const string Secret = "s3cr3t-in-url";

        [Theory]
        [InlineData("Invoke-CadcTap 'SELECT 1' -Service 'http://bob:" + Secret + "@127.0.0.1:9/tap' -Verbose")]
        [InlineData("Invoke-CadcTap 'SELECT 1' -RegistryUrl 'http://bob:" + Secret + "@127.0.0.1:9/reg/resource-caps' -Verbose")]
        [InlineData("Get-CadcJob abc -Service 'http://bob:" + Secret + "@127.0.0.1:9/tap' -Verbose")]
        [InlineData("Get-CadcDataUrl 'ivo://cadc.nrc.ca/CFHT?1/1o' -Service 'http://bob:" + Secret + "@127.0.0.1:9/dl' -Verbose")]
        public void AUrlsPassword_IsInNoStream(string script)
        {
            using var e = new Engine();
            var r = e.Run(script + "; $error | Out-String -Width 400");
            Assert.NotEmpty(r.AllErrors);
            var everything = string.Join("\n", r.Verbose.Concat(r.Warnings).Concat(r.Debug)
                .Concat(r.AllErrors.Select(x => x.ToString() + " " + x.ErrorDetails?.Message + " " + x.ErrorDetails?.RecommendedAction + " " + x.TargetObject))
                .Concat(r.Output.Select(o => o.ToString())));
            Assert.DoesNotContain(Secret, everything);
        }
    }
}
