using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Cadc.Core;
using Cadc.Core.Caom;
using Cadc.Core.Errors;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// A search's -Collection in the archive's spelling (CollectionNames): "cfht" is sent as CFHT (Verbose says so), and a
    /// name the archive does not list is a warning with the nearest names, then searched for as typed.
    /// </summary>
    internal static class CollectionFilter
    {
        /// <summary>
        /// The collection names to put in the query. The archive's list is read once per session (the completer's
        /// cache); with <paramref name="noRequest"/> (-AsQuery) only an already read list is used, so that showing
        /// the ADQL still sends nothing. A list that cannot be read leaves the names as typed.
        /// </summary>
        internal static async Task<IReadOnlyList<string>?> ResolveAsync(string[]? given, bool noRequest, CadcCall call, PipelineWriter output)
        {
            if (given is null || given.Length == 0) return given;
            var known = call.Context.Archive.CachedCollections(call);
            if (known is null && !noRequest)
            {
                try { known = await call.Context.Archive.GetCollectionsAsync(call).ConfigureAwait(false); }
                catch (CadcException ex) when (!call.Cancel.IsCancellationRequested)
                {
                    output.Verbose($"The archive's collections could not be read ({ex.ErrorId}): -Collection is sent as typed.");
                }
            }
            if (known is null) return given;
            var matched = CollectionNames.Match(given, known.Select(c => c.Name).ToList());
            foreach (var note in matched.Respelled) output.Verbose(note);
            foreach (var warning in matched.Unknown) output.Warning(warning);
            return matched.Names;
        }
    }
}
