using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Cadc.Tests
{
    /// <summary>
    /// The test process's own cache folder for the registry and capabilities documents and the saved-file records
    /// (CADCPS_CACHE), made when the test assembly loads and removed when the process exits: `dotnet test` run by
    /// hand leaves the user's ~/.cache/CadcPS as it was, and no test reads back a document that an earlier run's
    /// loopback server served on the same port. build.ps1 -Task Test sets one folder for the whole run: kept.
    /// </summary>
    internal static class TestCacheFolder
    {
#pragma warning disable CA2255 // a test assembly, not a library: its first act must be to keep its tests off the user's cache
        [ModuleInitializer]
#pragma warning restore CA2255
        internal static void Isolate()
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CADCPS_CACHE"))) return;
            var folder = Path.Combine(Path.GetTempPath(), "CadcPS.TestCache." + Guid.NewGuid().ToString("N"));
            Environment.SetEnvironmentVariable("CADCPS_CACHE", folder);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(folder, recursive: true); }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { } // not made, or in use: temp is the system's to clear
            };
        }
    }
}
