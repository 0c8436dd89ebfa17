using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace Cadc.Core.Download
{
    /// <summary>
    /// File names a server (Content-Disposition, a URL) or a dataset ID proposes, made into names that are safe
    /// to create in the user's folder on any system the folder may be copied to: a bare name (no folder), no
    /// character Windows or Unix refuses, no control character or terminal escape (names are shown in a terminal),
    /// never a dot file, never a Windows device name, and short enough that <c>name.part</c> fits in 255 bytes.
    /// </summary>
    internal static class FileNames
    {
        /// <summary>Bytes a name may take so that name + ".part" is within the 255 bytes file systems allow.</summary>
        internal const int MaxBytes = 255 - 5;

        // What this file system refuses, and what Windows does (the file may be copied there).
        private static readonly char[] Unsafe = System.IO.Path.GetInvalidFileNameChars().Concat(new[] { ':', '*', '?', '"', '<', '>', '|', '/', '\\' }).ToArray();

        private static readonly string[] Devices = { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$" };

        public static string Safe(string name, Uri url)
        {
            var bare = name.Replace('\\', '/');
            bare = bare.Substring(bare.LastIndexOf('/') + 1);
            // Bounded work on what a server sent: no real file name is near this long.
            if (bare.Length > 4096) bare = bare.Substring(0, 4096);
            // Decoded first, so that what is judged is what lands on disk: %3A would otherwise become a ':' after the check.
            bare = Uri.UnescapeDataString(bare).Trim().Trim('"');
            bare = Clean(WithoutEscapes(bare));
            // Windows drops trailing dots and spaces, so "a.fits." and "a.fits" would be one file there.
            bare = bare.Trim().TrimEnd('.', ' ');
            if (bare.Length == 0 || bare.Trim('.').Length == 0) return "download-" + StableHash(url.AbsoluteUri);
            // A server never chooses a dot file (".bashrc", ".ssh"): hidden and read by other programs.
            if (bare[0] == '.') bare = "_" + bare.TrimStart('.');
            if (IsDevice(bare)) bare = "_" + bare;
            // The names CadcPS itself gives a download in progress: a served file never takes them.
            if (bare.EndsWith(".part", StringComparison.OrdinalIgnoreCase) || bare.EndsWith(".etag", StringComparison.OrdinalIgnoreCase)) bare += "_";
            return Fit(bare);
        }

        /// <summary>The name within <see cref="MaxBytes"/> UTF-8 bytes: the start of the stem, a stable hash of the whole name, the extension.</summary>
        public static string Fit(string name)
        {
            if (Encoding.UTF8.GetByteCount(name) <= MaxBytes) return name;
            var (stem, extension) = Split(name);
            if (Encoding.UTF8.GetByteCount(extension) > 24) (stem, extension) = (name, "");
            var suffix = "~" + StableHash(name) + extension;
            var room = MaxBytes - Encoding.UTF8.GetByteCount(suffix);
            var kept = new StringBuilder();
            var bytes = 0;
            for (var i = 0; i < stem.Length; i++)
            {
                // A surrogate pair is one character: never cut between its halves.
                var n = char.IsHighSurrogate(stem[i]) && i + 1 < stem.Length ? 2 : 1;
                var size = Encoding.UTF8.GetByteCount(stem.ToCharArray(), i, n);
                if (bytes + size > room) break;
                kept.Append(stem, i, n);
                bytes += size;
                i += n - 1;
            }
            return kept.ToString().TrimEnd('.', ' ') + suffix;
        }

        /// <summary>"a.fits.gz" → ("a", ".fits.gz"): a compression extension keeps the one before it.</summary>
        public static (string Stem, string Extension) Split(string name)
        {
            var dot = name.LastIndexOf('.');
            if (dot <= 0) return (name, "");
            var ext = name.Substring(dot);
            if (ext is ".gz" || ext is ".fz" || ext is ".bz2" || ext is ".xz" || ext is ".Z")
            {
                var before = name.LastIndexOf('.', dot - 1);
                if (before > 0 && dot - before <= 6) dot = before;
            }
            return (name.Substring(0, dot), name.Substring(dot));
        }

        /// <summary>The name with "~hash" before its extension, within the length limit.</summary>
        public static string WithSuffix(string name, string suffix)
        {
            var (stem, extension) = Split(name);
            return Fit(stem + "~" + suffix + extension);
        }

        // The same name in every process, so a later run finds (skips, resumes) what an earlier one saved;
        // string.GetHashCode() is randomised per process.
        /// <param name="bytes">How much of the SHA-256 to keep: 4 for names a user reads, 16 where names must never collide (cache records).</param>
        internal static string StableHash(string text, int bytes = 4)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            return BitConverter.ToString(hash, 0, bytes).Replace("-", "").ToLowerInvariant();
        }

        /// <summary>Terminal escape sequences removed whole (CSI "ESC [ … final", OSC "ESC ] … BEL/ST", two-character ESC x, C1 CSI).</summary>
        private static string WithoutEscapes(string text)
        {
            if (text.IndexOf('\u001b') < 0 && text.IndexOf('\u009b') < 0) return text;
            var sb = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var csi = c == '\u009b' || (c == '\u001b' && i + 1 < text.Length && text[i + 1] == '[');
                if (csi)
                {
                    i += c == '\u001b' ? 2 : 1;
                    while (i < text.Length && (text[i] < '@' || text[i] > '~')) i++;     // parameters, then the final byte
                }
                else if (c == '\u001b' && i + 1 < text.Length && text[i + 1] == ']')
                {
                    i += 2;
                    while (i < text.Length && text[i] != '\u0007' && !(text[i] == '\u001b' && i + 1 < text.Length && text[i + 1] == '\\')) i++;
                    if (i < text.Length && text[i] == '\u001b') i++;
                }
                else if (c == '\u001b') i++;
                else sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>Control characters, bidirectional overrides (which disguise an extension) and refused characters become '_'.</summary>
        private static string Clean(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                var bidi = c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
                sb.Append(char.IsControl(c) || bidi || Array.IndexOf(Unsafe, c) >= 0 ? '_' : c);
            }
            return sb.ToString();
        }

        /// <summary>CON, NUL, COM1, LPT1… name a device on Windows with any extension ("nul.tar.gz") and trailing spaces.</summary>
        private static bool IsDevice(string name)
        {
            var dot = name.IndexOf('.');
            var stem = (dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' ').ToUpperInvariant();
            if (Devices.Contains(stem)) return true;
            return stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal))
                && (char.IsDigit(stem[3]) || stem[3] == '\u00b9' || stem[3] == '\u00b2' || stem[3] == '\u00b3');
        }
    }
}
