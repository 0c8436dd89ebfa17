using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Tab completion of Get-CadcDataUrl -Semantics: the IVOA DataLink core vocabulary
    /// (http://www.ivoa.net/rdf/datalink/core), as the #term the cmdlet matches by fragment.
    /// </summary>
    public sealed class SemanticsCompleter : IArgumentCompleter
    {
        internal static readonly (string Term, string Meaning)[] Terms =
        {
            ("#this", "the data itself"),
            ("#cutout", "a subset of the data (SODA)"),
            ("#preview", "a preview of the data"),
            ("#preview-image", "a preview as an image"),
            ("#preview-plot", "a preview as a plot"),
            ("#thumbnail", "a small preview image"),
            ("#auxiliary", "auxiliary data"),
            ("#documentation", "documentation of the data"),
            ("#progenitor", "data this was made from"),
            ("#derivation", "data made from this"),
            ("#coderived", "data made from the same progenitors"),
            ("#counterpart", "the same thing in another form"),
            ("#calibration", "calibration data"),
            ("#bias", "bias calibration"),
            ("#dark", "dark calibration"),
            ("#flat", "flat-field calibration"),
            ("#error", "errors of the values"),
            ("#noise", "noise of the values"),
            ("#weight", "weights of the values"),
            ("#proc", "a service processing the data"),
            ("#package", "the data and related files in one archive"),
            ("#detached-header", "the header of the data alone"),
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            // "this" and "#this" both complete; the # needs quotes at the prompt (it starts a comment there).
            var word = (wordToComplete ?? "").Trim('\'', '"').TrimStart('#');
            return Terms.Where(t => t.Term.Substring(1).StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(t => new CompletionResult(CollectionCompleter.Quote(t.Term), t.Term, CompletionResultType.ParameterValue, $"{t.Term}: {t.Meaning}"));
        }
    }

    /// <summary>Tab completion of Get-CadcFitsHeader -Keyword: keywords of the FITS standard and common observatory ones.</summary>
    public sealed class FitsKeywordCompleter : IArgumentCompleter
    {
        internal static readonly string[] Keywords =
        {
            "SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "NAXIS3", "EXTEND", "XTENSION", "PCOUNT", "GCOUNT", "EXTNAME", "EXTVER",
            "BSCALE", "BZERO", "BUNIT", "BLANK", "DATAMIN", "DATAMAX", "ORIGIN", "DATE", "DATE-OBS", "DATE-END", "MJD-OBS", "MJD-END",
            "TIMESYS", "EXPTIME", "EXPOSURE", "TELESCOP", "INSTRUME", "DETECTOR", "OBSERVER", "OBJECT", "OBSTYPE", "IMAGETYP",
            "FILTER", "RA", "DEC", "RA_OBJ", "DEC_OBJ", "EQUINOX", "EPOCH", "RADESYS", "AIRMASS", "GAIN", "RDNOISE", "CHECKSUM", "DATASUM",
            "WCSAXES", "CTYPE1", "CTYPE2", "CTYPE3", "CRVAL1", "CRVAL2", "CRVAL3", "CRPIX1", "CRPIX2", "CRPIX3", "CDELT1", "CDELT2", "CDELT3",
            "CUNIT1", "CUNIT2", "CUNIT3", "CD1_1", "CD1_2", "CD2_1", "CD2_2", "PC1_1", "PC1_2", "PC2_1", "PC2_2", "CROTA2", "LONPOLE", "LATPOLE",
            "TFIELDS", "TTYPE1", "TFORM1", "TUNIT1", "COMMENT", "HISTORY",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? "").Trim('\'', '"');
            return Keywords.Where(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(k => new CompletionResult(k, k, CompletionResultType.ParameterValue, k));
        }
    }
}
