using System;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Http;
using Cadc.Core.Registry;

namespace Cadc.Core
{
    /// <summary>
    /// Everything one PowerShell session knows: configuration, resolved services and (later)
    /// credentials. One per runspace, never shared between them; the owner key is the runspace.
    /// </summary>
    public sealed class CadcContext
    {
        private static readonly ConditionalWeakTable<object, CadcContext> Contexts = new ConditionalWeakTable<object, CadcContext>();

        public CadcContext() : this(new CadcConfiguration()) { }

        public CadcContext(CadcConfiguration configuration)
        {
            Configuration = configuration;
            Services = new ServiceResolver(this);
            Targets = new Astro.TargetResolver(this);
            Archive = new Caom.CaomArchive(this);
        }

        /// <summary>The context that belongs to <paramref name="owner"/> (a runspace), created on first use.</summary>
        public static CadcContext For(object owner) => Contexts.GetValue(owner, _ => new CadcContext());

        public CadcConfiguration Configuration { get; }

        public ServiceResolver Services { get; }

        /// <summary>Object names to positions, cached for the session.</summary>
        public Astro.TargetResolver Targets { get; }

        /// <summary>Collections and table names, cached for the session.</summary>
        public Caom.CaomArchive Archive { get; }

        /// <summary>Who this session is (Connect-Cadc) and which hosts may see its credentials.</summary>
        public Auth.CadcSession Session { get; } = new Auth.CadcSession();

        /// <summary>How requests authenticate: anonymous until a login says otherwise.</summary>
        public AuthMethod AuthMethod => Session.Method;

        /// <summary>Sends a request through the shared pipeline with this session's identity and settings.
        /// Answers with headers read; the body is left to the caller. When <paramref name="log"/> is a call's
        /// (<see cref="CadcCall.Log"/>), the request waits as that call allows (its -TimeoutSec), else as the session's.</summary>
        public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, ICadcLog log, CancellationToken cancel)
            => SendAsAsync(Session.Identity, request, log, cancel);

        /// <summary>Sends a request as <paramref name="identity"/> (null: anonymously), e.g. to verify a login before it becomes the session's.</summary>
        internal async Task<HttpResponseMessage> SendAsAsync(Auth.CadcIdentity? identity, HttpRequestMessage request, ICadcLog log, CancellationToken cancel)
        {
            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("User-Agent", Configuration.UserAgent);
            RequestOptions.Set(request, log, CadcCall.Of(log)?.Timeout ?? Configuration.Timeout, Configuration.MaxAttempts, Configuration.RetryBaseDelay);
            Action<HttpRequestMessage> authorize = r => Session.Authorize(r, identity);
            authorize(request);
            RequestOptions.SetAuthorizer(request, authorize);
            var client = CadcHttp.Client();
            if (identity is Auth.CertificateIdentity c && Session.IsTrusted(request.RequestUri))
            {
                client = c.Client;
                RequestOptions.SetTrust(request, Session.IsTrusted);
            }
            try
            {
                return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (!cancel.IsCancellationRequested)
            {
                var where = UrlText.Origin(request.RequestUri);
                throw new CadcException(ErrorIds.ConnectionFailed, CadcErrorKind.ConnectionError,
                    $"Cannot reach {where}: {ex.GetBaseException().Message}", request.RequestUri, ex)
                { RecommendedAction = "Check the network and the service URL; CADC's status is at https://www.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/en/status." };
            }
        }

        /// <summary>A successful response's body as a cancellable, idle-timed stream; an error status becomes a typed error.</summary>
        public async Task<ResponseStream> OpenAsync(HttpRequestMessage request, ICadcLog log, CancellationToken cancel)
        {
            var response = await SendAsync(request, log, cancel).ConfigureAwait(false);
            try
            {
                if (!response.IsSuccessStatusCode)
                    throw await HttpErrors.FromResponseAsync(response, this, cancel).ConfigureAwait(false);
                var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                return new ResponseStream(response, body, RequestOptions.IdleTimeout(request) ?? Configuration.Timeout, cancel);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        public Task<ResponseStream> GetAsync(Uri url, ICadcLog log, CancellationToken cancel)
            => OpenAsync(new HttpRequestMessage(HttpMethod.Get, url), log, cancel);
    }
}
