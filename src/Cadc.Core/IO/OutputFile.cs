using Cadc.Core.Errors;

namespace Cadc.Core.IO
{
    /// <summary>The check every command that writes a named file makes before it starts: no user file is replaced without -Force.</summary>
    public static class OutputFile
    {
        /// <summary>FileExists when a file, or a link (even a dangling one), is under <paramref name="path"/> and <paramref name="force"/> is not given.</summary>
        /// <exception cref="CadcException">FileExists</exception>
        public static void RefuseExisting(string path, bool force)
        {
            if (!force && PartFile.Exists(path))
                throw new CadcException(ErrorIds.FileExists, CadcErrorKind.ResourceExists, $"'{path}' already exists and is not replaced; -Force replaces it.", path);
        }
    }
}
