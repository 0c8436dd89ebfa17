using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace CadcPS.Loader
{
    /// <summary>
    /// The module's private load context (PowerShell 7): Cadc.Core and every library in lib/ resolve
    /// here first, so another module's copy of Polly or Microsoft.Extensions.* never gets in the way.
    /// Assemblies of the .NET runtime itself are left to the default context, so framework types stay shared.
    /// </summary>
    internal sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private static readonly string RuntimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
        private readonly string[] _folders;

        /// <param name="folders">Where to look, in order (the platform's ReadyToRun copies, then lib/).</param>
        public ModuleLoadContext(params string[] folders) => _folders = folders;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var file = assemblyName.Name + ".dll";
            if (File.Exists(Path.Combine(RuntimeFolder, file))) return null;
            foreach (var folder in _folders)
            {
                var path = Path.Combine(folder, file);
                if (File.Exists(path)) return LoadFromAssemblyPath(path);
            }
            return null;
        }
    }
}
