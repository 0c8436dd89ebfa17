using System;
using System.IO;
using Cadc.Core.Errors;

namespace Cadc.Core.IO
{
    /// <summary>
    /// The "write to name.part, rename when complete" discipline shared by result files and downloads:
    /// a file with its final name is always complete, and nothing is ever written through a link.
    /// A symbolic link planted at name.part (or at the final name) could otherwise send the bytes to any
    /// file the user can write. netstandard2.0 has no O_NOFOLLOW, so a link is recognised by its
    /// ReparsePoint attribute (.NET sets it for symbolic links on Unix too) and removed — the link, never
    /// its target — and the .part is then created with FileMode.CreateNew, whose O_EXCL fails on any
    /// name that exists again, a link included, instead of following it.
    /// </summary>
    internal static class PartFile
    {
        /// <summary>A new, empty .part (what was there, a file or a link, is removed first); with <paramref name="append"/>, the existing .part continued.</summary>
        public static FileStream Open(string part, bool append = false)
        {
            try
            {
                if (append)
                {
                    // Continuing an earlier .part follows no link either: a .part that is one is refused, not written through.
                    if (IsLink(part)) throw new IOException("it is a symbolic link, which is never written through.");
                    return new FileStream(part, FileMode.Open, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true) { Position = new FileInfo(part).Length };
                }
                Remove(part);
                return new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"Cannot write '{part}': {ex.Message}", part, ex);
            }
        }

        /// <summary>Gives the complete .part its final name, replacing what is there (a link there is removed, its target untouched).</summary>
        public static void Complete(string part, string path) => Complete(part, path, replace: true);

        /// <summary>
        /// Gives the complete .part its final name. Without <paramref name="replace"/> an existing file (or link) under that
        /// name is never touched: the rename fails (FileExists) and the .part stays. File.Move without overwrite
        /// refuses an existing destination in the same system call that renames, so no file appearing meanwhile is lost.
        /// </summary>
        public static void Complete(string part, string path, bool replace)
        {
            try
            {
                if (!replace && Exists(path))
                    throw new CadcException(ErrorIds.FileExists, CadcErrorKind.ResourceExists,
                        $"'{path}' already exists and is not replaced; -Force replaces it.", path);
                if (replace) Remove(path);
                File.Move(part, path);
            }
            catch (IOException ex) when (!replace && Exists(path))
            {
                throw new CadcException(ErrorIds.FileExists, CadcErrorKind.ResourceExists,
                    $"'{path}' already exists and is not replaced; -Force replaces it.", path, ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"Cannot replace '{path}': {ex.Message}", path, ex);
            }
        }

        public static void TryDelete(string file)
        {
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        /// <summary>A file or link under this name (File.Exists follows links, so a dangling one would look absent).</summary>
        public static bool Exists(string path)
        {
            try { return File.Exists(path) || IsLink(path); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return true; }
        }

        /// <summary>The name itself is a symbolic link (or another reparse point), whatever it points at, even nothing.</summary>
        public static bool IsLink(string path)
        {
            // FileInfo's attributes are the link's own (lstat), not its target's; a missing name has -1.
            var attributes = new FileInfo(path).Attributes;
            return (int)attributes != -1 && (attributes & FileAttributes.ReparsePoint) != 0;
        }

        /// <summary>Removes a file or a link under this name; File.Delete unlinks a link, never its target.</summary>
        private static void Remove(string path)
        {
            if (Exists(path)) File.Delete(path);
        }
    }
}
