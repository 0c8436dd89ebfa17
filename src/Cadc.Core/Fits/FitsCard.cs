using System.Collections.Generic;
using System.Linq;

namespace Cadc.Core.Fits
{
    /// <summary>One header keyword: its value typed (string, long, double, bool, or null for no value) and its comment.</summary>
    public sealed class FitsCard
    {
        public FitsCard(string keyword, object? value, string? comment)
        {
            Keyword = keyword;
            Value = value;
            Comment = comment;
        }

        /// <summary>The keyword; HIERARCH keywords keep their full name ("ESO DET CHIP NAME").</summary>
        public string Keyword { get; }
        public object? Value { get; }
        public string? Comment { get; }

        public override string ToString() => Keyword + " = " + Value;
    }

    /// <summary>One HDU's header and the size of the data that follows it.</summary>
    public sealed class FitsHdu
    {
        public FitsHdu(int index, IReadOnlyList<FitsCard> cards, long dataBytes)
        {
            Index = index;
            Cards = cards;
            DataBytes = dataBytes;
        }

        /// <summary>0 for the primary HDU, 1.. for extensions.</summary>
        public int Index { get; }
        public IReadOnlyList<FitsCard> Cards { get; }

        /// <summary>Bytes of data after the header (without the padding to 2880).</summary>
        public long DataBytes { get; }

        /// <summary>The value of the first card named <paramref name="keyword"/>, or null.</summary>
        public object? this[string keyword] => Cards.FirstOrDefault(c => c.Keyword == keyword)?.Value;
    }
}
