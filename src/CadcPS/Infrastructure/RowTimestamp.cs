using System;
using System.Globalization;
using System.Management.Automation;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// A timestamp cell as rows carry it: a PSObject around the DateTime itself (so <c>-is [datetime]</c>, comparisons,
    /// Sort-Object, [datetime] casts and ConvertTo-Json see a DateTime) whose ToString is ISO 8601 UTC
    /// (2009-04-16T10:39:08.123Z). Export-Csv and ConvertTo-Csv write a value's ToString(), which for a bare DateTime
    /// is the culture's text without milliseconds or zone; through this it is exact and the same under every culture.
    /// </summary>
    /// <remarks>
    /// Made when the property is read (a row's getter), not for every row. A subclass rather than a type name with a ToString in a types.ps1xml: inserting a type name into each value's
    /// PSObject.TypeNames cost 6 to 12 us (a copy of the type's names per object), more than the rest of a row.
    /// <c>$row.t.ToString()</c> in a script is still DateTime's own (PowerShell calls the base object's methods).
    /// </remarks>
    public sealed class RowTimestamp : PSObject
    {
        private RowTimestamp(DateTime value) : base(value)
        {
        }

        /// <summary>The DALI/ISO 8601 text: UTC, "Z", fractional seconds only as far as they are present.</summary>
        public static string Iso(DateTime value)
            => (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

        /// <summary>A row property's value as read: a DateTime as a RowTimestamp, anything else (null, undated text) as it is.
        /// Public: the row classes' getters call it.</summary>
        public static object? Of(object? value) => value is DateTime t ? new RowTimestamp(t) : value;

        public override string ToString() => BaseObject is DateTime value ? Iso(value) : base.ToString();
    }
}
