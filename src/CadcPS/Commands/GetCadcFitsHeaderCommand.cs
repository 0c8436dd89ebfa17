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
    /// <summary>Get-CadcFitsHeader: the header keywords of FITS files (every HDU, gzip too), one object per keyword.</summary>
    [Cmdlet(VerbsCommon.Get, "CadcFitsHeader", DefaultParameterSetName = PathSet)]
    [OutputType("CadcPS.FitsKeyword")]
    public sealed class GetCadcFitsHeaderCommand : CadcCmdlet
    {
        internal const string TypeName = "CadcPS.FitsKeyword";
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

        private void Emit(string file, List<WildcardPattern> patterns, PipelineWriter output, CadcCall call)
        {
            try
            {
                using var stream = File.OpenRead(file);
                foreach (var hdu in FitsReader.ReadHeaders(stream))
                {
                    call.Cancel.ThrowIfCancellationRequested();
                    if (Extension != null && !Extension.Contains(hdu.Index)) continue;
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
                        output.WriteObject(o);
                    }
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
