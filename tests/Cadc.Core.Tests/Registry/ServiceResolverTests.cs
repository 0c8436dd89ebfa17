using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Registry;
using Xunit;

namespace Cadc.Core.Tests.Registry
{
    /// <summary>Resolution of ivo:// ids through the sandbox's loopback registry, exactly as through CADC's.</summary>
    public sealed class ServiceResolverTests
    {
        private static readonly Uri Registry = new Uri(Environment.GetEnvironmentVariable("CADC_REGISTRY_URL") is { Length: > 0 } r ? r : "http://127.0.0.1:8090/reg/resource-caps");

        private static CadcContext Context(bool basic = false)
        {
            // No disk cache: these tests are about one session's documents (DocumentCacheTests: across sessions).
            var context = new CadcContext(new CadcConfiguration { RegistryUrl = Registry, DocumentCacheLifetime = TimeSpan.Zero });
            if (basic) context.Session.SetIdentity(new Cadc.Core.Auth.BasicIdentity("someone", "not-checked-by-resolution"));
            return context;
        }

        private static Task<ServiceInterface> Resolve(CadcContext context, string service, string[] standardIds, ICadcLog log, CancellationToken cancel, Uri? registry = null)
            => context.Services.ResolveAsync(service, standardIds, new CadcCall(context, log, cancel, registry));

        [Fact]
        public async Task Argus_ResolvesToTheSandboxTap_Anonymously()
        {
            var itf = await Resolve(Context(), CadcDefaults.TapService, new[] { StandardIds.Tap }, NullLog.Instance, CancellationToken.None);
            Assert.Equal("http://127.0.0.1:8089/tap", itf.AccessUrl.AbsoluteUri);
            Assert.True(itf.Accepts(AuthMethod.Anonymous));
        }

        [Fact]
        public async Task WithBasicCredentials_TheBasicAAInterfaceIsChosen()
        {
            var itf = await Resolve(Context(basic: true), CadcDefaults.TapService, new[] { StandardIds.Tap }, NullLog.Instance, CancellationToken.None);
            Assert.Contains("ivo://ivoa.net/sso#BasicAA", itf.SecurityMethods);
        }

        [Fact]
        public async Task DataLink_PrefersTheFirstStandardIdOffered()
        {
            var itf = await Resolve(Context(), CadcDefaults.DataLinkService, new[] { StandardIds.DataLink11, StandardIds.DataLink10 }, NullLog.Instance, CancellationToken.None);
            Assert.EndsWith("/caom2/q/sync/dlmeta", itf.AccessUrl.AbsolutePath);
        }

        [Fact]
        public async Task AServiceWithoutTheCapability_IsCapabilityNotFound()
        {
            var ex = await Assert.ThrowsAsync<CadcException>(() => Resolve(Context(), CadcDefaults.LoginService, new[] { StandardIds.UmsLogin }, NullLog.Instance, CancellationToken.None));
            Assert.Equal(ErrorIds.CapabilityNotFound, ex.ErrorId);
            Assert.Equal(CadcErrorKind.ObjectNotFound, ex.Kind);
        }

        [Fact]
        public async Task DocumentsAreCached_PerContext()
        {
            var context = Context();
            var log = new RecordingLog();
            for (var i = 0; i < 3; i++)
                await Resolve(context, CadcDefaults.TapService, new[] { StandardIds.Tap }, log, CancellationToken.None);
            Assert.Single(log.Lines, l => l.StartsWith("GET " + Registry.AbsoluteUri, StringComparison.Ordinal));
            Assert.Single(log.Lines, l => l.StartsWith("GET ", StringComparison.Ordinal) && l.Contains("/reg/argus/capabilities"));
            var other = new RecordingLog();
            await Resolve(Context(), CadcDefaults.TapService, new[] { StandardIds.Tap }, other, CancellationToken.None);
            Assert.Contains(other.Lines, l => l.Contains("/reg/argus/capabilities"));
        }

        [Fact]
        public async Task OnlyServicesOfTheRegistryTheSessionLoggedInThrough_MaySeeItsCredentials()
        {
            // The session logged in through one registry; $CADC_REGISTRY_URL (here: the configuration) now names another.
            var context = Context(basic: true);
            var loggedInThrough = new Uri(Registry.AbsoluteUri.Replace("127.0.0.1", "localhost"));
            Assert.NotEqual(Registry, loggedInThrough);
            context.Session.BeginTrust(loggedInThrough);
            var elsewhere = await Resolve(context, CadcDefaults.TapService, new[] { StandardIds.Tap }, NullLog.Instance, CancellationToken.None);
            Assert.False(context.Session.IsTrusted(elsewhere.AccessUrl));
            await context.Services.TrustAsync(CadcDefaults.TapService, new CadcCall(context, NullLog.Instance, CancellationToken.None));
            Assert.False(context.Session.IsTrusted(elsewhere.AccessUrl));
            var own = await Resolve(context, CadcDefaults.TapService, new[] { StandardIds.Tap }, NullLog.Instance, CancellationToken.None, loggedInThrough);
            Assert.False(context.Session.IsTrusted(own.AccessUrl)); // resolving alone trusts nothing
            await context.Services.TrustAsync(CadcDefaults.TapService, new CadcCall(context, NullLog.Instance, CancellationToken.None, loggedInThrough));
            Assert.True(context.Session.IsTrusted(own.AccessUrl));
        }

        [Fact]
        public async Task AnAnonymousSession_TrustsNoServiceHost()
        {
            var context = Context();
            var itf = await Resolve(context, CadcDefaults.TapService, new[] { StandardIds.Tap }, NullLog.Instance, CancellationToken.None);
            Assert.False(context.Session.IsTrusted(itf.AccessUrl));
        }

        [Fact]
        public async Task ACancelledResolution_Throws_OperationCanceled()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Resolve(Context(), CadcDefaults.TapService, new[] { StandardIds.Tap }, NullLog.Instance, cts.Token));
        }
    }
}
