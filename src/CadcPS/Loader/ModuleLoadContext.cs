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
        private readonly string _folder;

        public ModuleLoadContext(string folder) => _folder = folder;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var file = assemblyName.Name + ".dll";
            if (File.Exists(Path.Combine(RuntimeFolder, file))) return null;
            var path = Path.Combine(_folder, file);
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
