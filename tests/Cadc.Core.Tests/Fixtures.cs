using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Cadc.Core.Tests
{
    /// <summary>
    /// The shared fixtures (../shared/fixtures next to the checkout): real responses of CADC and other VO
    /// services, read in place and never copied into the project.
    /// </summary>
    internal static class Fixtures
    {
        public static readonly string? Folder = Find();

        public static bool Present => Folder != null;

        public static string PathOf(string relative)
        {
            if (Folder is null) throw new InvalidOperationException("../shared/fixtures not found next to the checkout.");
            return Path.Combine(Folder, relative.Replace('/', Path.DirectorySeparatorChar));
        }

        /// <summary>Fixture files (relative paths) whose first <paramref name="headBytes"/> bytes contain <paramref name="marker"/>.</summary>
        public static IEnumerable<string> FilesContaining(string marker, int headBytes = 4096)
        {
            if (Folder is null) yield break;
            foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                var buffer = new byte[headBytes];
                int n;
                using (var s = File.OpenRead(file)) n = s.Read(buffer, 0, buffer.Length);
                if (System.Text.Encoding.UTF8.GetString(buffer, 0, n).Contains(marker))
                    yield return Path.GetRelativePath(Folder, file).Replace(Path.DirectorySeparatorChar, '/');
            }
        }

        private static string? Find()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "fixtures");
                if (Directory.Exists(candidate) && File.Exists(Path.Combine(candidate, "MANIFEST.md"))) return candidate;
                var sibling = Path.Combine(dir.FullName, "..", "shared", "fixtures");
                if (File.Exists(Path.Combine(dir.FullName, "Cadc.sln")) && Directory.Exists(sibling)) return Path.GetFullPath(sibling);
                dir = dir.Parent;
            }
            return null;
        }
    }
}
