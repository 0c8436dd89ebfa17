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

        /// <summary>../shared/fixtures next to the checkout: real CADC documents, read in place and never copied here.</summary>
        public static string Fixtures => Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

        /// <summary>A fixture file by its path in ../shared/fixtures (as MANIFEST.md names it).</summary>
        public static string Fixture(string relative)
        {
            var path = Path.Combine(Fixtures, relative.Replace('/', Path.DirectorySeparatorChar));
            return File.Exists(path) ? path : throw new FileNotFoundException("Fixture missing (see ../shared/fixtures/MANIFEST.md): " + relative, path);
        }

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Cadc.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cadc.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
