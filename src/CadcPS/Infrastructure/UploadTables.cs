using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Cadc.Core.Errors;
using Cadc.Core.Tap;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// -Upload @{ name = ... } into tables to send: objects (their properties become columns), a CSV file, or a
    /// VOTable file. Runs on the pipeline thread, because reading PSObject properties may run script.
    /// </summary>
    internal static class UploadTables
    {
        public static IEnumerable<UploadTable> From(PSCmdlet cmdlet, Hashtable uploads, Hashtable? columnTypes)
        {
            var declared = columnTypes?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "", StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in uploads)
            {
                var name = entry.Key?.ToString() ?? "";
                var value = entry.Value is PSObject p ? p.BaseObject : entry.Value;
                switch (value)
                {
                    case null:
                        throw new CadcException(ErrorIds.InvalidUpload, CadcErrorKind.InvalidArgument, $"The upload '{name}' is empty.", name);
                    case string path:
                        yield return FromFile(name, cmdlet.GetUnresolvedProviderPathFromPSPath(path), declared);
                        break;
                    case FileInfo file:
                        yield return FromFile(name, file.FullName, declared);
                        break;
                    case IEnumerable items when !(value is IDictionary):
                        yield return FromObjects(name, items.Cast<object?>().Select(o => PSObject.AsPSObject(o!)).ToList(), declared);
                        break;
                    default:
                        yield return FromObjects(name, new List<PSObject> { PSObject.AsPSObject(entry.Value!) }, declared);
                        break;
                }
            }
        }

        private static UploadTable FromFile(string name, string path, IDictionary<string, string>? declared)
        {
            if (!File.Exists(path))
                throw new CadcException(ErrorIds.InvalidUpload, CadcErrorKind.InvalidArgument, $"The upload file '{path}' does not exist.", path);
            return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? UploadTable.FromCsv(name, path, declared) : UploadTable.FromVOTableFile(name, path);
        }

        private static UploadTable FromObjects(string name, List<PSObject> objects, IDictionary<string, string>? declared)
        {
            var columns = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var o in objects)
                foreach (var p in o.Properties)
                    if ((p.MemberType & (PSMemberTypes.NoteProperty | PSMemberTypes.Property)) != 0 && seen.Add(p.Name)) columns.Add(p.Name);
            if (columns.Count == 0)
                throw new CadcException(ErrorIds.InvalidUpload, CadcErrorKind.InvalidArgument, $"The objects for upload '{name}' have no properties to make columns of.", name);
            // Text reads as a CSV file's does (Import-Csv rows are all strings): numbers, ISO times and booleans
            // become typed columns, so radians(ra) works on them exactly as on the same file given by path.
            var rows = objects.Select(o => columns.Select(c => Unwrap(o.Properties[c]?.Value) is string text ? Cadc.Core.VOTable.VOTableColumn.TextValue(text) : Unwrap(o.Properties[c]?.Value)).ToArray()).ToList();
            return UploadTable.FromRows(name, columns, rows, declared);
        }

        private static object? Unwrap(object? v) => v is PSObject p ? p.BaseObject : v;
    }
}
