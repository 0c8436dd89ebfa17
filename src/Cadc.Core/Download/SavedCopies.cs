using System;
using System.Globalization;
using System.IO;
using System.Text;
using Cadc.Core.IO;

namespace Cadc.Core.Download
{
    /// <summary>
    /// What CadcPS itself saved: for each file it completed, the URL it came from, its length, MD5, modification time
    /// and the server's validator (ETag or Last-Modified), kept in the user's cache folder (saved/, one small file per
    /// path, named by a hash of the full path), never next to the user's files. A file already under a download's
    /// name is "this dataset's earlier copy" only when this record says CadcPS saved exactly that file (same length
    /// and time, so nobody changed it since) from the same URL: a later run then skips it while the server describes
    /// the same file (same validator, or no validator and the same length), and replaces it when the server's copy
    /// changed. Any other file under that name is the user's: never replaced without -Force. A missing or unreadable
    /// record only means "not known to be ours".
    /// </summary>
    internal sealed class SavedCopies
    {
        private readonly string _folder;

        public SavedCopies(string cacheFolder) => _folder = Path.Combine(cacheFolder, "saved");

        internal sealed class Record
        {
            public Record(string url, long length, string md5, long ticks, string? validator)
            {
                Url = url;
                Length = length;
                Md5 = md5;
                Ticks = ticks;
                Validator = validator;
            }

            public string Url { get; }
            public long Length { get; }
            public string Md5 { get; }
            public long Ticks { get; }
            public string? Validator { get; }
        }

        /// <summary>True when <paramref name="path"/> is, untouched, what CadcPS saved from <paramref name="url"/>; <paramref name="record"/> then says what.</summary>
        public bool IsOurCopy(string path, Uri url, out Record? record)
        {
            record = Read(path);
            if (record is null || record.Url != url.AbsoluteUri || PartFile.IsLink(path)) return false;
            var file = new FileInfo(path);
            return file.Exists && file.Length == record.Length && file.LastWriteTimeUtc.Ticks == record.Ticks;
        }

        public void Remember(string path, Uri url, string md5, string? validator)
        {
            var file = new FileInfo(path);
            var record = string.Join("\n", "CadcPS saved copy 1", url.AbsoluteUri, file.Length.ToString(CultureInfo.InvariantCulture), md5,
                file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture), validator ?? "") + "\n";
            var target = RecordOf(path);
            var part = target + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".part";
            try
            {
                Directory.CreateDirectory(_folder);
                File.WriteAllText(part, record, new UTF8Encoding(false));
                if (File.Exists(target)) File.Delete(target);
                File.Move(part, target);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                PartFile.TryDelete(part);
            }
        }

        private Record? Read(string path)
        {
            try
            {
                var file = new FileInfo(RecordOf(path));
                if (!file.Exists || file.Length > 16 * 1024 || (file.Attributes & FileAttributes.ReparsePoint) != 0) return null;
                var lines = File.ReadAllText(file.FullName, Encoding.UTF8).Split('\n');
                if (lines.Length < 6 || lines[0] != "CadcPS saved copy 1") return null;
                if (!long.TryParse(lines[2], NumberStyles.None, CultureInfo.InvariantCulture, out var length)) return null;
                if (!long.TryParse(lines[4], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return null;
                return new Record(lines[1], length, lines[3], ticks, lines[5].Length == 0 ? null : lines[5]);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                return null;
            }
        }

        private string RecordOf(string path) => Path.Combine(_folder, FileNames.StableHash(Path.GetFullPath(path), 16));
    }
}
