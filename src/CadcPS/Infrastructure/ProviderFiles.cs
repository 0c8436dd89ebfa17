using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace CadcPS.Infrastructure
{
    /// <summary>-Path (wildcards) and -LiteralPath (as typed) of cmdlets that read local files, as file system paths.</summary>
    internal static class ProviderFiles
    {
        /// <param name="notFound">Called with each path that names no file (the cmdlet's own error); the others go on.</param>
        public static List<string> Resolve(PSCmdlet cmdlet, string[] paths, bool literal, Action<string> notFound)
        {
            var files = new List<string>();
            foreach (var p in paths)
            {
                try
                {
                    if (!literal) { files.AddRange(cmdlet.GetResolvedProviderPathFromPSPath(p, out _)); continue; }
                    var file = cmdlet.GetUnresolvedProviderPathFromPSPath(p);
                    if (!File.Exists(file)) throw new ItemNotFoundException(file);
                    files.Add(file);
                }
                catch (ItemNotFoundException)
                {
                    notFound(p);
                }
            }
            return files;
        }
    }
}
