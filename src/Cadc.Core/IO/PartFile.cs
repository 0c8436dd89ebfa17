using System;
using System.IO;
using Cadc.Core.Errors;

namespace Cadc.Core.IO
{
    /// <summary>
    /// The "write to name.part, rename when complete" discipline shared by result files and downloads:
    /// a file with its final name is always complete.
    /// </summary>
    internal static class PartFile
    {
        public static FileStream Open(string part, bool append = false)
        {
            try { return new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw new CadcException(ErrorIds.OutFileNotWritable, CadcErrorKind.WriteError, $"Cannot write '{part}': {ex.Message}", part, ex);
            }
        }

        public static void Complete(string part, string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
                File.Move(part, path);
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
    }
}
