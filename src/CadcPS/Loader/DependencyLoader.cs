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

        public void OnImport() => Register();

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
                var context = new ModuleLoadContext(folder);
                System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (_, name) =>
                    string.Equals(name.Name, "Cadc.Core", StringComparison.Ordinal) ? context.LoadFromAssemblyName(name) : null;
            }
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
