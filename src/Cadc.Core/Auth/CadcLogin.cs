using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Http;
using Cadc.Core.Registry;

namespace Cadc.Core.Auth
{
    /// <summary>What Connect-Cadc was given: one of a password, a token or a certificate file.</summary>
    public sealed class LoginRequest
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public string? Token { get; set; }
        public string? CertificatePath { get; set; }

        /// <summary>Another deployment's registry (a mirror, the sandbox); the session keeps it once connected.</summary>
        public Uri? RegistryUrl { get; set; }
    }

    /// <summary>
    /// Connect-Cadc: turns what the user gave into an identity, checks it with the deployment's services
    /// and only then makes it the session's. A failed login leaves the session as it was.
    /// </summary>
    public sealed class CadcLogin
    {
        private readonly CadcContext _context;

        public CadcLogin(CadcContext context) => _context = context;

        public async Task<CadcIdentity> ConnectAsync(LoginRequest login, CadcCall call)
        {
            var log = call.Log;
            var cancel = call.Cancel;
            var previousChoice = _context.Configuration.ChosenRegistryUrl;
            var previousTrust = _context.Session.TrustSnapshot();
            if (login.RegistryUrl != null) _context.Configuration.RegistryUrl = login.RegistryUrl;
            // The identity goes to the services of the registry it logs in through, not to the hosts of an earlier one.
            _context.Session.BeginTrust(_context.Configuration.RegistryUrl);
            CadcIdentity? identity = null;
            try
            {
                // Everything a login reads goes through the registry it logs in through.
                var through = new CadcCall(_context, log, cancel, _context.Configuration.RegistryUrl);
                var gms = await LoginServiceAsync(through).ConfigureAwait(false);
                await TrustDataServicesAsync(through).ConfigureAwait(false);
                identity = await IdentityAsync(login, gms, log, cancel).ConfigureAwait(false);
                await VerifyAsync(identity, gms, log, cancel).ConfigureAwait(false);
            }
            catch
            {
                identity?.Dispose();
                // The session stays as it was: the services read on the way to a failed login are not its own.
                if (previousChoice is null) _context.Configuration.ForgetChosenRegistry();
                else _context.Configuration.RegistryUrl = previousChoice;
                _context.Session.RestoreTrust(previousTrust);
                throw;
            }
            _context.Session.SetIdentity(identity);
            return identity;
        }

        /// <summary>Disconnect-Cadc: anonymous again, with nothing cached. The registry the user chose stays: Disconnect
        /// forgets who the session is, not which archive it uses.</summary>
        public void Disconnect()
        {
            _context.Session.Clear();
            _context.Services.Clear();
        }

        private async Task<CapabilitiesDocument?> LoginServiceAsync(CadcCall call)
        {
            try
            {
                var document = await _context.Services.GetCapabilitiesAsync(_context.Configuration.LoginService, call).ConfigureAwait(false);
                await _context.Services.TrustAsync(_context.Configuration.LoginService, call).ConfigureAwait(false);
                return document;
            }
            catch (CadcException ex) when (ex.ErrorId == ErrorIds.ServiceNotInRegistry)
            {
                call.Log.Verbose($"{_context.Configuration.LoginService} is not in the registry: no login service, no whoami.");
                return null;
            }
        }

        // The hosts of the data services become the session's own, so credentials reach them from the first
        // request on (files, cutouts, TAP).
        private async Task TrustDataServicesAsync(CadcCall call)
        {
            foreach (var service in new[] { _context.Configuration.TapService, _context.Configuration.DataLinkService })
            {
                try { await _context.Services.TrustAsync(service, call).ConfigureAwait(false); }
                catch (CadcException ex) when (ex.Kind != CadcErrorKind.OperationTimeout)
                {
                    call.Log.Verbose($"{service}: {ex.Message} (its hosts will get no credentials)");
                }
            }
        }

        private async Task<CadcIdentity> IdentityAsync(LoginRequest login, CapabilitiesDocument? gms, ICadcLog log, CancellationToken cancel)
        {
            if (!string.IsNullOrEmpty(login.CertificatePath))
                return new CertificateIdentity(CertificateFile.Load(login.CertificatePath!, DateTimeOffset.UtcNow), login.CertificatePath!);
            if (!string.IsNullOrEmpty(login.Token))
                return new TokenIdentity(login.Token!, login.UserName);
            if (string.IsNullOrEmpty(login.UserName))
                throw new CadcException(ErrorIds.CredentialRequired, CadcErrorKind.InvalidArgument, "A login needs a user name and password, a token or a certificate.", null);

            var loginUrl = gms is null ? null : Endpoint(gms, new[] { StandardIds.UmsLogin, StandardIds.TlsWithPassword }, AuthMethod.Anonymous);
            if (loginUrl is null)
            {
                log.Verbose("The registry's login service offers no password login: using HTTP Basic with the data services.");
                // Basic sends the password itself with every request: say so when a host it goes to is not https.
                var plain = _context.Session.TrustSnapshot().Hosts.Where(h => Uri.TryCreate(h, UriKind.Absolute, out var u) && OverTheNetworkInClear(u)).OrderBy(h => h, StringComparer.Ordinal).ToList();
                if (plain.Count > 0) log.Warning(PlainHttpWarning(login.UserName!, string.Join(", ", plain), "with every request"));
                return new BasicIdentity(login.UserName!, login.Password ?? "");
            }
            var token = await PasswordLoginAsync(loginUrl, login.UserName!, login.Password ?? "", log, cancel).ConfigureAwait(false);
            return new CookieIdentity(login.UserName!, token) { Verified = true };
        }

        private async Task<string> PasswordLoginAsync(Uri loginUrl, string user, string password, ICadcLog log, CancellationToken cancel)
        {
            log.Verbose($"Logging in as {user} at {UrlText.Redact(loginUrl)}");
            if (OverTheNetworkInClear(loginUrl)) log.Warning(PlainHttpWarning(user, UrlText.Origin(loginUrl), "at login"));
            var request = new HttpRequestMessage(HttpMethod.Post, loginUrl)
            {
                Content = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("username", user), new KeyValuePair<string, string>("password", password) }),
            };
            request.Headers.Accept.ParseAdd("text/plain");
            // The token must come from the login service itself: a redirect elsewhere would have another host's answer
            // become the session's cookie (and a 307 would hand it the password).
            RequestOptions.StayOnOrigin(request);
            // A POST that creates a session: never repeated by the retry policy.
            using var response = await _context.SendAsAsync(null, request, log, cancel).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (code == 401 || code == 403)
                throw Rejected(user, loginUrl);
            if (!response.IsSuccessStatusCode)
                throw await HttpErrors.FromResponseAsync(response, _context, cancel).ConfigureAwait(false);
            var token = (await HttpErrors.ReadPrefixAsync(response, cancel).ConfigureAwait(false)).Trim();
            if (token.Length == 0 || token.Contains("<"))
                throw new CadcException(ErrorIds.InvalidResponse, CadcErrorKind.ProtocolError,
                    $"The login service at {UrlText.Redact(loginUrl)} answered without a session token.", loginUrl);
            return token;
        }

        private async Task VerifyAsync(CadcIdentity identity, CapabilitiesDocument? gms, ICadcLog log, CancellationToken cancel)
        {
            if (identity.Verified) return;
            var whoami = gms is null ? null : Endpoint(gms, new[] { StandardIds.UmsWhoAmI }, identity.Method);
            if (whoami is null)
            {
                log.Warning($"{_context.Configuration.LoginService} offers no whoami that takes {identity.Method} credentials: they will be checked by the first service that needs them.");
                return;
            }
            log.Verbose($"Checking the credentials of {identity} at {UrlText.Redact(whoami)}");
            _context.Session.TrustServiceOf(_context.Configuration.LoginService, whoami);
            using var response = await _context.SendAsAsync(identity, new HttpRequestMessage(HttpMethod.Get, whoami), log, cancel).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (code == 401 || code == 403) throw Rejected(identity.UserName ?? identity.Method.ToString(), whoami);
            if (!response.IsSuccessStatusCode) throw await HttpErrors.FromResponseAsync(response, _context, cancel).ConfigureAwait(false);
            var name = await WhoAmINameAsync(response, cancel).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(name)) identity.UserName = name;
            identity.Verified = true;
        }

        // CADC's whoami redirects to .../users/<name>; the sandbox's answers a VOTable with the name.
        private static async Task<string?> WhoAmINameAsync(HttpResponseMessage response, CancellationToken cancel)
        {
            var path = response.RequestMessage?.RequestUri?.AbsolutePath ?? "";
            var users = path.LastIndexOf("/users/", StringComparison.Ordinal);
            if (users >= 0) return Uri.UnescapeDataString(path.Substring(users + 7).Trim('/'));
            var text = await HttpErrors.ReadPrefixAsync(response, cancel).ConfigureAwait(false);
            if (text.IndexOf("<VOTABLE", StringComparison.OrdinalIgnoreCase) < 0) return null;
            try
            {
                using var reader = VOTable.VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)));
                return reader.ReadRow()?.FirstOrDefault() as string;
            }
            catch (VOTable.VOTableFormatException) { return null; }
        }

        private static Uri? Endpoint(CapabilitiesDocument document, IEnumerable<string> standardIds, AuthMethod method)
        {
            foreach (var id in standardIds)
                foreach (var capability in document.Find(id))
                {
                    var chosen = capability.Interfaces.FirstOrDefault(i => method == AuthMethod.Anonymous || i.Accepts(method));
                    if (chosen != null) return chosen.AccessUrl;
                }
            return null;
        }

        /// <summary>
        /// True when what is sent to <paramref name="url"/> crosses a network unencrypted: not https, and not this machine
        /// (a loopback address never leaves it, as with a local test deployment, so nobody on a network path can read it).
        /// </summary>
        private static bool OverTheNetworkInClear(Uri url) => url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback;

        private static string PlainHttpWarning(string user, string hosts, string when)
            => $"The password of {user} goes to {hosts} over plain http {when}: anyone on the network path can read it. Use the deployment's https URLs.";

        private static CadcException Rejected(string who, Uri where)
            => new CadcException(ErrorIds.LoginFailed, CadcErrorKind.AuthenticationError,
                $"{where.Host} rejected the credentials of {who}: wrong user name or password, or an account without access.", where)
            { RecommendedAction = "Check the user name and password (reset it at CADC if needed), then log in again.", Remedy = CadcRemedy.LogInAgain };
    }
}
