using System;
using System.IO;

namespace CadcPS.Tests.Infrastructure
{
    /// <summary>Paths in the checkout: the module folder as shipped, the shared fixtures.</summary>
    internal static class Repo
    {
        public static readonly string Root = FindRoot();

        /// <summary>out/CadcPS: what `dotnet build Cadc.sln -c Release` lays out and users copy into a module path.</summary>
        public static string ModuleFolder => Path.Combine(Root, "out", "CadcPS");

        public static string ModuleManifest => Path.Combine(ModuleFolder, "CadcPS.psd1");

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Cadc.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cadc.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
