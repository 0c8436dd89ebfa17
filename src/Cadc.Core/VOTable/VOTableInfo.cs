namespace Cadc.Core.VOTable
{
    /// <summary>An INFO element (any level of the document).</summary>
    public sealed class VOTableInfo
    {
        public VOTableInfo(string name, string? value, string? content, string? id = null)
        {
            Name = name ?? string.Empty;
            Value = value;
            Content = content;
            Id = id;
        }

        /// <summary>INFO/@name.</summary>
        public string Name { get; }

        /// <summary>INFO/@value.</summary>
        public string? Value { get; }

        /// <summary>The text content of the INFO element (as served, not trimmed); null when the element is empty.</summary>
        public string? Content { get; }

        /// <summary>INFO/@ID.</summary>
        public string? Id { get; }

        public override string ToString() => Name + "=" + Value;
    }
}
