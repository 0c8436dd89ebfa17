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

        public bool Accepts(AuthMethod method) => SecurityMethods.Any(m => Auth.SecurityMethodIds.Matches(m, method));
    }

    /// <summary>One outputFormat of a TAP capability (TAPRegExt): its MIME type, its short names, and the IVOA format it is.</summary>
    public sealed class OutputFormat
    {
        public OutputFormat(string mime, IReadOnlyList<string> aliases, string? ivoId)
        {
            Mime = mime;
            Aliases = aliases;
            IvoId = ivoId;
        }

        /// <summary>The MIME type, parameters included (application/x-votable+xml;serialization=BINARY2).</summary>
        public string Mime { get; }

        /// <summary>Short names the service takes as RESPONSEFORMAT (votable, votable/td, csv, ...).</summary>
        public IReadOnlyList<string> Aliases { get; }

        /// <summary>The standard format it is, e.g. ivo://ivoa.net/std/TAPRegExt#output-votable-td; null when not said.</summary>
        public string? IvoId { get; }

        public override string ToString() => Aliases.Count > 0 ? $"{Mime} ({string.Join(", ", Aliases)})" : Mime;
    }

    public sealed class Capability
    {
        public Capability(string standardId, IReadOnlyList<ServiceInterface> interfaces)
            : this(standardId, interfaces, Array.Empty<OutputFormat>())
        {
        }

        public Capability(string standardId, IReadOnlyList<ServiceInterface> interfaces, IReadOnlyList<OutputFormat> outputFormats)
        {
            StandardId = standardId;
            Interfaces = interfaces;
            OutputFormats = outputFormats;
        }

        public string StandardId { get; }
        public IReadOnlyList<ServiceInterface> Interfaces { get; }

        /// <summary>The formats a TAP capability advertises for results, in the document's order; empty when it lists none.</summary>
        public IReadOnlyList<OutputFormat> OutputFormats { get; }
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
            // Bounded (ServerText): a 300 MB document took gigabytes.
            using var reader = XmlReader.Create(IO.ServerText.Bounded(stream, IO.ServerText.MaxDocument, "a capabilities document"), settings);
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
            var formats = new List<OutputFormat>();
            if (reader.IsEmptyElement) return new Capability(standardId, interfaces, formats);
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
                    else if (sub.NodeType == XmlNodeType.Element && sub.LocalName == "outputFormat" && sub.Depth == 1)
                    {
                        var f = ReadOutputFormat(sub);
                        if (f != null) formats.Add(f);
                    }
                }
            }
            return new Capability(standardId, interfaces, formats);
        }

        private static OutputFormat? ReadOutputFormat(XmlReader reader)
        {
            var ivoId = reader.GetAttribute("ivo-id");
            string? mime = null;
            var aliases = new List<string>();
            if (reader.IsEmptyElement) return null;
            using (var sub = reader.ReadSubtree())
            {
                sub.Read();
                sub.Read();
                while (!sub.EOF)
                {
                    if (sub.NodeType == XmlNodeType.Element && (sub.LocalName == "mime" || sub.LocalName == "alias"))
                    {
                        var isMime = sub.LocalName == "mime";
                        var text = sub.ReadElementContentAsString().Trim();
                        if (text.Length == 0) continue;
                        if (isMime) mime ??= text;
                        else aliases.Add(text);
                        continue;
                    }
                    sub.Read();
                }
            }
            return mime is null ? null : new OutputFormat(mime, aliases, string.IsNullOrWhiteSpace(ivoId) ? null : ivoId!.Trim());
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
}
