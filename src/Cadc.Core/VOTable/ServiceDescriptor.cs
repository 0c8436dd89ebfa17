using System;
using System.Collections.Generic;
using System.Linq;

namespace Cadc.Core.VOTable
{
    /// <summary>
    /// A DataLink service descriptor: a RESOURCE type="meta" utype="adhoc:service" telling how to call a
    /// service (e.g. the #cutout SODA service) for the rows that point at it through service_def.
    /// </summary>
    public sealed class ServiceDescriptor
    {
        public ServiceDescriptor(string? id, string? name, string? description, IReadOnlyList<VOTableParam> parameters, IReadOnlyList<VOTableParam> inputParams)
        {
            Id = id;
            Name = name;
            Description = description;
            Params = parameters;
            InputParams = inputParams;
        }

        /// <summary>The RESOURCE's ID, which DataLink rows name in service_def.</summary>
        public string? Id { get; }
        public string? Name { get; }
        public string? Description { get; }

        /// <summary>The descriptor's own PARAMs: accessURL, standardID, resourceIdentifier, ...</summary>
        public IReadOnlyList<VOTableParam> Params { get; }

        /// <summary>The PARAMs of GROUP name="inputParams": what the service takes, with fixed values (e.g. ID) where given.</summary>
        public IReadOnlyList<VOTableParam> InputParams { get; }

        public Uri? AccessUrl => Uri.TryCreate(Param("accessURL")?.Trim(), UriKind.Absolute, out var u) ? u : null;

        public string? StandardId => Param("standardID");

        private string? Param(string name) => Params.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
    }
}
