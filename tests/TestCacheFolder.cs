using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Cadc.Tests
{
    /// <summary>
    /// The test process's own cache folder for the registry and capabilities documents and the saved-file records
    /// (CADCPS_CACHE), made when the test assembly loads and removed when the process exits: the user's cache folder
    /// (~/.cache/CadcPS, or the one their CADCPS_CACHE names) stays as it was, and no test reads back a document that
    /// an earlier run's loopback server served on the same port. build.ps1 gives Pester a folder of its own the same way.
    /// </summary>
    internal static class TestCacheFolder
    {
#pragma warning disable CA2255 // a test assembly, not a library: its first act must be to keep its tests off the user's cache
        [ModuleInitializer]
#pragma warning restore CA2255
        internal static void Isolate()
        {
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
