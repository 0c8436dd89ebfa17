using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;

namespace Cadc.Core.Registry
{
    /// <summary>One interface of a capability: where to send requests and which credentials it takes.</summary>
    public sealed class ServiceInterface
    {
        public ServiceInterface(Uri accessUrl, string use, string? role, string? version, IReadOnlyList<string> securityMethods)
        {
            AccessUrl = accessUrl;
            Use = use;
            Role = role;
            Version = version;
            SecurityMethods = securityMethods;
        }

        public Uri AccessUrl { get; }
        /// <summary>"full" (use as is) or "base" (append the standard's paths).</summary>
        public string Use { get; }
        public string? Role { get; }
        public string? Version { get; }
        /// <summary>securityMethod standardIDs; an anonymous &lt;securityMethod/&gt; or none at all is the empty string.</summary>
        public IReadOnlyList<string> SecurityMethods { get; }

        public bool Accepts(AuthMethod method) => SecurityMethods.Any(m => SecurityMethodIds.Matches(m, method));
    }

    public sealed class Capability
    {
        public Capability(string standardId, IReadOnlyList<ServiceInterface> interfaces)
        {
            StandardId = standardId;
            Interfaces = interfaces;
        }

        public string StandardId { get; }
        public IReadOnlyList<ServiceInterface> Interfaces { get; }
    }

    /// <summary>A VOSI capabilities document (VOSICapabilities / VOResource), read tolerantly.</summary>
    public sealed class CapabilitiesDocument
    {
        private CapabilitiesDocument(IReadOnlyList<Capability> capabilities) => Capabilities = capabilities;

        public IReadOnlyList<Capability> Capabilities { get; }

        /// <summary>Capabilities whose standardID is <paramref name="standardId"/>; the "#version" suffix may be omitted (TAP 1.0 ids).</summary>
        public IEnumerable<Capability> Find(string standardId)
            => Capabilities.Where(c => string.Equals(c.StandardId, standardId, StringComparison.OrdinalIgnoreCase));

        /// <exception cref="FormatException">not a capabilities document</exception>
        public static CapabilitiesDocument Parse(Stream stream)
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreWhitespace = true,
            };
            var capabilities = new List<Capability>();
            using var reader = XmlReader.Create(stream, settings);
            try
            {
                if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "capabilities")
                    throw new FormatException($"not a VOSI capabilities document (root element <{reader.LocalName}>)");
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "capability")
                        capabilities.Add(ReadCapability(reader));
                }
            }
            catch (XmlException ex)
            {
                throw new FormatException("malformed XML: " + ex.Message, ex);
            }
            return new CapabilitiesDocument(capabilities);
        }

        // Subtree readers keep each element's reading self-contained: ReadElementContentAsString moves the
        // reader on by itself, which a plain Read() loop would otherwise skip past.
        private static Capability ReadCapability(XmlReader reader)
        {
            var standardId = reader.GetAttribute("standardID") ?? "";
            var interfaces = new List<ServiceInterface>();
            if (reader.IsEmptyElement) return new Capability(standardId, interfaces);
            using (var sub = reader.ReadSubtree())
            {
                sub.Read();
                while (sub.Read())
                {
                    if (sub.NodeType == XmlNodeType.Element && sub.LocalName == "interface" && sub.Depth == 1)
                    {
                        var i = ReadInterface(sub);
                        if (i != null) interfaces.Add(i);
                    }
                }
            }
            return new Capability(standardId, interfaces);
        }

        private static ServiceInterface? ReadInterface(XmlReader reader)
        {
            var role = reader.GetAttribute("role");
            var version = reader.GetAttribute("version");
            Uri? url = null;
            var use = "full";
            var methods = new List<string>();
            if (reader.IsEmptyElement) return null;
            using (var sub = reader.ReadSubtree())
            {
                sub.Read();
                sub.Read();
                while (!sub.EOF)
                {
                    if (sub.NodeType == XmlNodeType.Element && sub.LocalName == "accessURL" && url is null)
                    {
                        use = sub.GetAttribute("use") ?? "full";
                        var text = sub.ReadElementContentAsString().Trim();
                        if (Uri.TryCreate(text, UriKind.Absolute, out var u)) url = u;
                        continue;
                    }
                    if (sub.NodeType == XmlNodeType.Element && sub.LocalName == "securityMethod")
                        methods.Add(sub.GetAttribute("standardID") ?? "");
                    sub.Read();
                }
            }
            if (methods.Count == 0) methods.Add("");
            return url is null ? null : new ServiceInterface(url, use, role, version, methods);
        }
    }

    internal static class SecurityMethodIds
    {
        public static bool Matches(string securityMethod, AuthMethod method)
        {
            var m = securityMethod.ToLowerInvariant();
            switch (method)
            {
                case AuthMethod.Anonymous: return m.Length == 0 || m.EndsWith("#anon", StringComparison.Ordinal) || m.EndsWith("#anonymous", StringComparison.Ordinal);
                case AuthMethod.Basic: return m.EndsWith("#basicaa", StringComparison.Ordinal);
                case AuthMethod.Cookie: return m.EndsWith("sso#cookie", StringComparison.Ordinal);
                case AuthMethod.Certificate: return m.EndsWith("#tls-with-certificate", StringComparison.Ordinal);
                case AuthMethod.Token: return m.EndsWith("sso#token", StringComparison.Ordinal) || m.EndsWith("#bearer-token", StringComparison.Ordinal);
                default: return false;
            }
        }
    }
}
