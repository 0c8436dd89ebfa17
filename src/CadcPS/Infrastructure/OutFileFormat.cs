using System;
using System.IO;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using CadcPS.Commands;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// The format an -OutFile is written in: -OutFormat when given, else what the file name's extension says
    /// (.csv: CSV; .xml, .vot, .votable: VOTable; anything else: VOTable, the service's own answer).
    /// A "result.csv" full of XML is the surprise this avoids.
    /// </summary>
    internal static class OutFileFormat
    {
        /// <summary>The format the extension of <paramref name="path"/> names; null when it names none.</summary>
        internal static TapOutFormat? OfExtension(string path)
        {
            switch (Path.GetExtension(path ?? "").ToLowerInvariant())
            {
                case ".csv": return TapOutFormat.Csv;
                case ".xml": case ".vot": case ".votable": return TapOutFormat.VOTable;
                default: return null;
            }
        }

        /// <summary>True for an extension of a format CadcPS does not write (tab-separated values).</summary>
        private static bool IsTsv(string path) => string.Equals(Path.GetExtension(path ?? ""), ".tsv", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The format to write <paramref name="path"/> in. <paramref name="warning"/> is set when the user's
        /// -OutFormat and the extension disagree (the file is written as asked).
        /// </summary>
        /// <exception cref="CadcException">OutFileFormatUnknown: a .tsv file without -OutFormat (CadcPS writes no TSV;
        /// writing XML or commas under that name would be the very surprise).</exception>
        internal static TapFileFormat Choose(string path, TapOutFormat? requested, out string? warning)
        {
            warning = null;
            var implied = OfExtension(path);
            if (requested is TapOutFormat asked)
            {
                if ((implied != null && implied != asked) || IsTsv(path))
                    warning = $"-OutFormat {asked} writes {(asked == TapOutFormat.Csv ? "CSV" : "a VOTable")} to '{Path.GetFileName(path)}', whose extension says {(IsTsv(path) ? "tab-separated values" : implied == TapOutFormat.Csv ? "CSV" : "VOTable")}.";
                return ToFile(asked);
            }
            if (implied is null && IsTsv(path))
                throw new CadcException(ErrorIds.OutFileFormatUnknown, CadcErrorKind.InvalidArgument,
                    $"CadcPS does not write tab-separated values: '{Path.GetFileName(path)}' would get XML. Name the file .csv or .xml, add -OutFormat Csv or VOTable, or pipe the rows to Export-Csv -Delimiter \"`t\".", path);
            return ToFile(implied ?? TapOutFormat.VOTable);
        }

        private static TapFileFormat ToFile(TapOutFormat format) => format == TapOutFormat.Csv ? TapFileFormat.Csv : TapFileFormat.VOTable;
    }
}
