using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace Cadc.Core.Fits
{
    /// <summary>
    /// Reads FITS headers (FITS 4.0): 2880-byte blocks of 80-character cards up to END, CONTINUE long strings,
    /// HIERARCH keywords, and the data size that separates one HDU from the next, so every HDU's header is
    /// read without reading its data. Gzip-compressed files are read as they are.
    /// </summary>
    public static class FitsReader
    {
        private const int Block = 2880;
        private const int Card = 80;

        /// <exception cref="FormatException">not FITS, or truncated</exception>
        public static IEnumerable<FitsHdu> ReadHeaders(Stream stream)
        {
            var input = Decompressed(stream);
            var block = new byte[Block];
            for (var index = 0; ; index++)
            {
                var raw = new List<string>();
                var ended = false;
                var first = true;
                while (!ended)
                {
                    var n = ReadBlock(input, block);
                    if (n == 0 && first && index > 0) yield break;   // no more HDUs
                    if (n < Block) throw new FormatException(index == 0 && first ? "not a FITS file: it is shorter than one 2880-byte block" : $"the FITS file is truncated in the header of HDU {index}");
                    if (first && index == 0 && Encoding.ASCII.GetString(block, 0, 9) != "SIMPLE  =")
                        throw new FormatException("not a FITS file: it does not start with SIMPLE");
                    if (first && index > 0 && Encoding.ASCII.GetString(block, 0, 8) != "XTENSION")
                        yield break; // special records after the last HDU are allowed by the standard
                    first = false;
                    // Real headers have at most a few thousand cards; one without END must not fill memory.
                    if (raw.Count >= MaxHeaderCards)
                        throw new FormatException($"the header of HDU {index} has no END within {MaxHeaderCards:N0} cards");
                    for (var i = 0; i < Block; i += Card)
                    {
                        var card = Encoding.ASCII.GetString(block, i, Card);
                        if (card.StartsWith("END", StringComparison.Ordinal) && card.Substring(3).Trim().Length == 0) { ended = true; break; }
                        raw.Add(card);
                    }
                }
                var cards = Parse(raw);
                var hdu = new FitsHdu(index, cards, DataBytes(cards));
                yield return hdu;
                Skip(input, Padded(hdu.DataBytes));
            }
        }

        /// <summary>A header as text (a dump with one card per line, or 80-character cards run together).</summary>
        public static FitsHdu ReadHeaderText(string text)
        {
            var raw = new List<string>();
            var lines = text.IndexOf('\n') >= 0 ? text.Replace("\r", "").Split('\n') : Chunks(text);
            foreach (var line in lines)
            {
                var card = line.Length > Card ? line.Substring(0, Card) : line.PadRight(Card);
                if (card.StartsWith("END", StringComparison.Ordinal) && card.Substring(3).Trim().Length == 0) break;
                if (card.Trim().Length > 0 || raw.Count > 0) raw.Add(card);
            }
            var cards = Parse(raw);
            return new FitsHdu(0, cards, DataBytes(cards));
        }

        private static string[] Chunks(string text)
        {
            var list = new List<string>();
            for (var i = 0; i < text.Length; i += Card) list.Add(text.Substring(i, Math.Min(Card, text.Length - i)));
            return list.ToArray();
        }

        private static Stream Decompressed(Stream stream)
        {
            var buffered = stream.CanSeek ? stream : new BufferedStream(stream, 64 * 1024);
            if (!buffered.CanSeek) return buffered;
            var b1 = buffered.ReadByte();
            var b2 = buffered.ReadByte();
            buffered.Seek(-((b1 >= 0 ? 1 : 0) + (b2 >= 0 ? 1 : 0)), SeekOrigin.Current);
            return b1 == 0x1f && b2 == 0x8b ? new GZipStream(buffered, CompressionMode.Decompress, leaveOpen: true) : buffered;
        }

        private static int ReadBlock(Stream s, byte[] block)
        {
            var total = 0;
            while (total < block.Length)
            {
                var n = s.Read(block, total, block.Length - total);
                if (n == 0) break;
                total += n;
            }
            return total;
        }

        private static void Skip(Stream s, long bytes)
        {
            if (bytes <= 0) return;
            if (s.CanSeek) { s.Seek(Math.Min(bytes, s.Length - s.Position), SeekOrigin.Current); return; }
            var buffer = new byte[64 * 1024];
            while (bytes > 0)
            {
                var n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, bytes));
                if (n == 0) return;
                bytes -= n;
            }
        }

        /// <summary>The most cards one header may have (100,000 cards: 8 MB of header, far beyond any real file's).</summary>
        public const int MaxHeaderCards = 100_000;

        private static long Padded(long bytes) => (bytes + Block - 1) / Block * Block;

        /// <summary>
        /// |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn); no data when NAXIS is 0. Values outside the bounds the
        /// FITS standard (4.0, section 4.4.1) sets are a FormatException, so a hostile header cannot make the reader
        /// loop over 10^11 axes or skip an overflowed length.
        /// </summary>
        private static long DataBytes(IReadOnlyList<FitsCard> cards)
        {
            long Int(string k, long d) { foreach (var c in cards) if (c.Keyword == k && c.Value is long v) return v; return d; }
            var naxis = Int("NAXIS", 0);
            if (naxis < 0 || naxis > 999) throw new FormatException($"NAXIS = {naxis.ToString(CultureInfo.InvariantCulture)} is outside 0..999 (FITS 4.4.1)");
            var bitpix = Int("BITPIX", 8);
            if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64)
                throw new FormatException($"BITPIX = {bitpix.ToString(CultureInfo.InvariantCulture)} is not 8, 16, 32, 64, -32 or -64 (FITS 4.4.1)");
            if (naxis == 0) return 0;
            var gcount = Int("GCOUNT", 1);
            var pcount = Int("PCOUNT", 0);
            if (gcount < 0 || pcount < 0) throw new FormatException("GCOUNT and PCOUNT cannot be negative (FITS 4.4.1)");
            try
            {
                checked
                {
                    long product = 1;
                    for (var i = 1; i <= naxis; i++)
                    {
                        var n = Int("NAXIS" + i.ToString(CultureInfo.InvariantCulture), 0);
                        if (n < 0) throw new FormatException($"NAXIS{i.ToString(CultureInfo.InvariantCulture)} = {n.ToString(CultureInfo.InvariantCulture)} is negative");
                        product *= n;
                    }
                    return Math.Abs(bitpix) / 8 * gcount * (pcount + product);
                }
            }
            catch (OverflowException)
            {
                throw new FormatException("the data size the header declares (BITPIX × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn)) overflows");
            }
        }

        private static List<FitsCard> Parse(List<string> raw)
        {
            var cards = new List<FitsCard>();
            for (var i = 0; i < raw.Count; i++)
            {
                var card = raw[i];
                var keyword = card.Substring(0, 8).TrimEnd();
                string rest;
                // "HIERARCH= 5" is an ordinary value card whose keyword is HIERARCH (no ESO name follows).
                if (keyword == "HIERARCH" && card[8] != '=')
                {
                    var eq = card.IndexOf('=');
                    if (eq < 0) { cards.Add(new FitsCard(card.Substring(9).Trim(), null, null)); continue; }
                    keyword = card.Substring(9, eq - 9).Trim();
                    if (keyword.Length == 0) keyword = "HIERARCH";
                    rest = card.Substring(eq + 1);
                }
                else if (card.Length >= 10 && card[8] == '=' && card[9] == ' ')
                {
                    rest = card.Substring(10);
                }
                else
                {
                    // COMMENT, HISTORY, blank keywords and anything without "= ": the text is the value.
                    var text = card.Substring(8).Trim();
                    cards.Add(new FitsCard(keyword, text.Length == 0 ? null : text, null));
                    continue;
                }
                var (value, comment) = ParseValue(rest);
                // CONTINUE: a string ending in & goes on in the next CONTINUE cards.
                while (value is string s && s.EndsWith("&", StringComparison.Ordinal) && i + 1 < raw.Count && raw[i + 1].StartsWith("CONTINUE", StringComparison.Ordinal))
                {
                    i++;
                    var (more, moreComment) = ParseValue(raw[i].Substring(8));
                    value = s.Substring(0, s.Length - 1) + (more as string ?? "");
                    if (moreComment != null) comment = comment == null ? moreComment : comment + " " + moreComment;
                }
                cards.Add(new FitsCard(keyword, value, comment));
            }
            return cards;
        }

        private static (object? value, string? comment) ParseValue(string text)
        {
            var t = text.TrimStart();
            if (t.StartsWith("'", StringComparison.Ordinal))
            {
                var sb = new StringBuilder();
                var i = 1;
                for (; i < t.Length; i++)
                {
                    if (t[i] == '\'')
                    {
                        if (i + 1 < t.Length && t[i + 1] == '\'') { sb.Append('\''); i++; continue; }
                        break;
                    }
                    sb.Append(t[i]);
                }
                var after = i + 1 < t.Length ? t.Substring(i + 1) : "";
                var slash = after.IndexOf('/');
                return (sb.ToString().TrimEnd(), slash >= 0 ? Nullable(after.Substring(slash + 1).Trim()) : null);
            }
            var cut = t.IndexOf('/');
            var v = (cut >= 0 ? t.Substring(0, cut) : t).Trim();
            var c = cut >= 0 ? Nullable(t.Substring(cut + 1).Trim()) : null;
            if (v.Length == 0) return (null, c);
            if (v == "T") return (true, c);
            if (v == "F") return (false, c);
            if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return (l, c);
            if (double.TryParse(v.Replace('D', 'E').Replace('d', 'e'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return (d, c);
            return (v, c);
        }

        private static string? Nullable(string s) => s.Length == 0 ? null : s;
    }
}
