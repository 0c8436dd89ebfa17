using System;
using System.IO;
using System.Net.Http;
using System.Text;
using Cadc.Core.IO;

namespace Cadc.Core.Download
{
    /// <summary>
    /// What a .part is a part of: the validator (strong ETag, else Last-Modified) and length of the response that
    /// began it, kept next to it in <c>name.etag</c>. A later run resumes the .part only when the server still
    /// describes the file with the same validator and length, and sends If-Range with it: bytes of two versions of
    /// a file are never joined (a Range request alone would append the new version's tail to the old one's head).
    /// </summary>
    internal sealed class ResumeState
    {
        private ResumeState(string header, string value, long length)
        {
            Header = header;
            Value = value;
            Length = length;
        }

        /// <summary>"ETag" or "Last-Modified".</summary>
        public string Header { get; }
        /// <summary>The validator as the server sent it: what If-Range carries.</summary>
        public string Value { get; }
        public long Length { get; }

        public static string FileOf(string path) => path + ".etag";

        /// <summary>The validator of a complete (200) response, or null: a weak ETag cannot be used with If-Range, and no length, nothing to check against.</summary>
        public static ResumeState? Of(HttpResponseMessage response)
        {
            if (response.Content.Headers.ContentLength is not long length || length <= 0) return null;
            var etag = response.Headers.ETag;
            if (etag != null && !etag.IsWeak) return new ResumeState("ETag", etag.Tag, length);
            if (response.Content.Headers.LastModified is DateTimeOffset modified)
                return new ResumeState("Last-Modified", modified.ToString("r", System.Globalization.CultureInfo.InvariantCulture), length);
            return null;
        }

        public bool SameAs(ResumeState? other) => other != null && other.Header == Header && other.Value == Value && other.Length == Length;

        /// <summary>The state stored next to a .part, or null when there is none, it is a link, or it is not what this class writes.</summary>
        public static ResumeState? Read(string file)
        {
            try
            {
                if (PartFile.IsLink(file) || !File.Exists(file) || new FileInfo(file).Length > 4096) return null;
                var lines = File.ReadAllText(file, Encoding.UTF8).Split('\n');
                if (lines.Length < 3 || !(lines[0] == "ETag" || lines[0] == "Last-Modified")) return null;
                return long.TryParse(lines[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
                    ? new ResumeState(lines[0], lines[1], length) : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return null; }
        }

        /// <summary>Written before the .part's first byte, through PartFile (no link followed), so an interrupted download leaves both.</summary>
        public void Write(string file)
        {
            using var stream = PartFile.Open(file);
            var bytes = Encoding.UTF8.GetBytes(Header + "\n" + Value + "\n" + Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
            stream.Write(bytes, 0, bytes.Length);
        }
    }
}
