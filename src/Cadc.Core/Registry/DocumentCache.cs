using System;
using System.IO;

namespace Cadc.Core.Registry
{
    /// <summary>
    /// The registry and capabilities documents on disk for a short while (10 minutes by default, as cadcutils keeps
    /// them), so that a fresh process, which is what every scheduled script is, does not read the registry and each
    /// service's capabilities again before its first query. Both documents are public and small; each is one file named
    /// by a hash of its URL, written to .part and renamed (a reader never sees half a file), and taken only while
    /// younger than the lifetime and no larger than the documents' own bound. Anything wrong with a file (gone,
    /// unreadable, too old, too big) is a miss, never an error: the document is then read from the network.
    /// </summary>
    public sealed class DocumentCache
    {
        /// <summary>Larger files are not taken (the registry and capabilities documents are bounded at 16 MiB).</summary>
        internal const long MaxBytes = 16L * 1024 * 1024;

        public DocumentCache(string folder, TimeSpan lifetime)
        {
            Folder = folder;
            Lifetime = lifetime;
        }

        public string Folder { get; }
        public TimeSpan Lifetime { get; }

        /// <summary>The per-user cache folder: $CADCPS_CACHE, else $XDG_CACHE_HOME/CadcPS, ~/.cache/CadcPS, or %LOCALAPPDATA%\CadcPS\Cache.</summary>
        public static string DefaultFolder()
        {
            var chosen = Environment.GetEnvironmentVariable("CADCPS_CACHE");
            if (!string.IsNullOrWhiteSpace(chosen)) return chosen!;
            if (Path.DirectorySeparatorChar == '\\')
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "CadcPS", "Cache");
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "CadcPS");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "CadcPS");
        }

        /// <summary>The document of <paramref name="url"/> when a fresh copy is on disk; null otherwise. <paramref name="age"/>: how old it is.</summary>
        public byte[]? TryRead(Uri url, out TimeSpan age)
        {
            age = TimeSpan.Zero;
            if (Lifetime <= TimeSpan.Zero) return null;
            try
            {
                var file = new FileInfo(PathOf(url));
                if (!file.Exists || file.Length > MaxBytes || (file.Attributes & FileAttributes.ReparsePoint) != 0) return null;
                age = DateTime.UtcNow - file.LastWriteTimeUtc;
                if (age < TimeSpan.Zero || age > Lifetime) return null;
                return File.ReadAllBytes(file.FullName);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                return null;
            }
        }

        /// <summary>Keeps <paramref name="bytes"/> as the document of <paramref name="url"/>; a failure to write only means no cache.</summary>
        public void Write(Uri url, byte[] bytes)
        {
            if (Lifetime <= TimeSpan.Zero || bytes.Length > MaxBytes) return;
            var path = PathOf(url);
            var part = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".part";
            try
            {
                Directory.CreateDirectory(Folder);
                using (var stream = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    stream.Write(bytes, 0, bytes.Length);
                if (File.Exists(path)) File.Delete(path);
                File.Move(part, path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                try { File.Delete(part); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        /// <summary>Forgets the document of <paramref name="url"/> (one that turned out not to parse).</summary>
        public void Forget(Uri url)
        {
            try { File.Delete(PathOf(url)); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException) { }
        }

        private string PathOf(Uri url) => Path.Combine(Folder, Download.FileNames.StableHash(url.AbsoluteUri, 16) + ".xml");
    }
}
