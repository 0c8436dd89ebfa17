using System;
using Cadc.Core;
using Cadc.Core.Errors;
using System.IO;
using System.Linq;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using Cadc.Core.Fits;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>Get-CadcFitsHeader: the header keywords of FITS files (every HDU, gzip too), one object per keyword, or with
    /// -AsHeader one object per HDU (astropy's getheader) whose Keywords are an ordered dictionary keyed by keyword.</summary>
    [Cmdlet(VerbsCommon.Get, "CadcFitsHeader", DefaultParameterSetName = PathSet)]
    [OutputType("CadcPS.FitsKeyword", "CadcPS.FitsHeader")]
    public sealed class GetCadcFitsHeaderCommand : CadcCmdlet
    {
        internal const string TypeName = "CadcPS.FitsKeyword";
        internal const string HeaderTypeName = "CadcPS.FitsHeader";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Paths taken as typed, for names with wildcard characters ([, ], *, ?). Files piped from Get-ChildItem bind here (PSPath).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Only these HDUs (0 = primary).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int[]? Extension { get; set; }

        /// <summary>Only these keywords; wildcards allowed.</summary>
        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(FitsKeywordCompleter))]
        public string[]? Keyword { get; set; }

        /// <summary>One object per HDU (Path, HDU, Name, Keywords, Cards) instead of one per keyword.</summary>
        [Parameter]
        public SwitchParameter AsHeader { get; set; }

        private readonly List<string> _files = new List<string>();

        private protected override bool PrepareRecord()
        {
            _files.Clear();
            _files.AddRange(ProviderFiles.Resolve(this, ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet,
                p => WriteError(ErrorRecords.Create(ErrorIds.FitsFileNotFound, CadcErrorKind.ObjectNotFound, $"There is no file '{p}'.", p))));
            return _files.Count > 0;
        }

        private protected override Task ProcessRecordAsync(CadcCall call, PipelineWriter output)
        {
            var patterns = (Keyword ?? Array.Empty<string>()).Select(k => WildcardPattern.Get(k, WildcardOptions.IgnoreCase)).ToList();
            foreach (var file in _files)
            {
                call.Cancel.ThrowIfCancellationRequested();
                Emit(file, patterns, output, call);
            }
            return Task.CompletedTask;
        }

        /// <summary>
        /// One HDU's header as one object: Keywords is an ordered, case-insensitive dictionary (as PowerShell's [ordered])
        /// from keyword to value, so $h.Keywords.NAXIS1 and $h.Keywords['DATE-OBS'] read it; a repeated keyword keeps its
        /// first value, as astropy's Header does, except COMMENT and HISTORY, which hold all theirs in order. Cards keeps
        /// every card with its comment (the CadcPS.FitsKeyword objects of the default form).
        /// </summary>
        private static PSObject Header(string file, FitsHdu hdu, List<PSObject> cards)
        {
            var keywords = new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            var commentary = new Dictionary<string, List<object?>>(StringComparer.OrdinalIgnoreCase);
            foreach (var card in cards)
            {
                var keyword = (string)card.Properties["Keyword"].Value;
                var value = card.Properties["Value"].Value;
                if (keyword.Length == 0) continue;
                if (keyword.Equals("COMMENT", StringComparison.OrdinalIgnoreCase) || keyword.Equals("HISTORY", StringComparison.OrdinalIgnoreCase))
                {
                    if (!commentary.TryGetValue(keyword, out var lines)) commentary[keyword] = lines = new List<object?>();
                    lines.Add(value);
                    if (!keywords.Contains(keyword)) keywords[keyword] = null; // its place, filled below
                    continue;
                }
                if (!keywords.Contains(keyword)) keywords[keyword] = value;
            }
            foreach (var lines in commentary) keywords[lines.Key] = lines.Value.ToArray();
            var o = new PSObject();
            o.TypeNames.Insert(0, HeaderTypeName);
            o.Properties.Add(new PSNoteProperty("Path", file));
            o.Properties.Add(new PSNoteProperty("HDU", hdu.Index));
            o.Properties.Add(new PSNoteProperty("Name", hdu["EXTNAME"] as string));
            o.Properties.Add(new PSNoteProperty("Keywords", keywords));
            o.Properties.Add(new PSNoteProperty("Cards", cards.ToArray()));
            return o;
        }

        private void Emit(string file, List<WildcardPattern> patterns, PipelineWriter output, CadcCall call)
        {
            try
            {
                using var stream = File.OpenRead(file);
                foreach (var hdu in FitsReader.ReadHeaders(stream))
                {
                    call.Cancel.ThrowIfCancellationRequested();
                    if (Extension != null && !Extension.Contains(hdu.Index)) continue;
                    var cards = new List<PSObject>();
                    foreach (var card in hdu.Cards)
                    {
                        if (patterns.Count > 0 && !patterns.Any(w => w.IsMatch(card.Keyword))) continue;
                        var o = new PSObject();
                        o.TypeNames.Insert(0, TypeName);
                        o.Properties.Add(new PSNoteProperty("Path", file));
                        o.Properties.Add(new PSNoteProperty("HDU", hdu.Index));
                        o.Properties.Add(new PSNoteProperty("Keyword", card.Keyword));
                        o.Properties.Add(new PSNoteProperty("Value", card.Value));
                        o.Properties.Add(new PSNoteProperty("Comment", card.Comment));
                        if (AsHeader) cards.Add(o);
                        else output.WriteObject(o);
                    }
                    if (AsHeader) output.WriteObject(Header(file, hdu, cards));
                }
            }
            catch (FormatException ex)
            {
                output.WriteError(ErrorRecords.Create(ErrorIds.InvalidFits, CadcErrorKind.InvalidData, $"'{file}' cannot be read as FITS: {ex.Message}.", file));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                output.WriteError(ErrorRecords.Create(ErrorIds.FitsFileNotReadable, CadcErrorKind.ReadError, $"'{file}' cannot be read: {ex.Message}", file));
            }
        }
    }
}
