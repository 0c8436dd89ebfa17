using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CadcPS.Loader
{
    /// <summary>
    /// Makes Cadc.Core and its dependencies (Polly, Microsoft.Extensions.*) load from the module's own
    /// lib/ folder, whatever versions other modules have loaded: into a private AssemblyLoadContext on
    /// PowerShell 7, through an AssemblyResolve handler limited to lib/ on Windows PowerShell 5.1.
    /// Runs when the assembly is loaded (module initializer) and again on import; only the first call acts.
    /// </summary>
    public sealed class DependencyLoader : IModuleAssemblyInitializer
    {
        private static readonly object Gate = new object();
        private static bool _registered;

        /// <summary>The module's dependency folder, next to CadcPS.dll.</summary>
        internal static string LibraryFolder => Path.Combine(Path.GetDirectoryName(typeof(DependencyLoader).Assembly.Location) ?? ".", "lib");

        public void OnImport()
        {
            Register();
            // A copy of the module without lib/ would otherwise fail at its first command with a loader error.
            if (!File.Exists(Path.Combine(LibraryFolder, "Cadc.Core.dll")))
                throw new FileNotFoundException($"CadcPS is incomplete: {Path.Combine(LibraryFolder, "Cadc.Core.dll")} is missing. Install the module again (Install-PSResource CadcPS), or copy the whole out/CadcPS folder, lib/ included.", "Cadc.Core.dll");
        }

        [ModuleInitializer]
        internal static void Register()
        {
            lock (Gate)
            {
                if (_registered) return;
                _registered = true;
                if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
                    FrameworkResolver.Register(LibraryFolder);
                else
                    IsolatedResolver.Register(LibraryFolder);
            }
        }

        // Kept in their own classes so that each runtime only ever JIT-compiles the code meant for it.
        private static class IsolatedResolver
        {
            public static void Register(string folder)
            {
                // ReadyToRun copies for this platform (lib/linux-x64/ ...), made by Release builds, come first:
                // a fresh process then does not JIT-compile the libraries on its first query.
                var native = Path.Combine(folder, PlatformId());
                var first = File.Exists(Path.Combine(native, "Cadc.Core.dll")) ? native : folder;
                var context = new ModuleLoadContext(first, folder);
                var core = Path.Combine(first, "Cadc.Core.dll");
                // By path, and only when the file is there: asking the context by name when it cannot find the file
                // falls back to this very handler, for ever (a stack overflow that kills the process).
                System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (_, name) =>
                    string.Equals(name.Name, "Cadc.Core", StringComparison.Ordinal) && File.Exists(core) ? context.LoadFromAssemblyPath(core) : null;
            }
        }

        /// <summary>The portable runtime identifier of this process (linux-x64, osx-arm64, win-x64...), as the build names its ReadyToRun folder.</summary>
        internal static string PlatformId()
        {
            var os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
                : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux" : "unknown";
            return os + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        }

        private static class FrameworkResolver
        {
            public static void Register(string folder)
            {
                AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
                {
                    var name = new AssemblyName(args.Name).Name;
                    if (string.IsNullOrEmpty(name)) return null;
                    var path = Path.Combine(folder, name + ".dll");
                    return File.Exists(path) ? Assembly.LoadFrom(path) : null;
                };
            }
        }
    }
}
