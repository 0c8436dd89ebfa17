using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Cadc.Core.Errors;
using Xunit;

namespace Cadc.Core.Tests.Errors
{
    /// <summary>
    /// ErrorIds are the module's contract with scripts: every id that src raises, tests expect or help documents is
    /// one of ErrorIds' constants (or Http's HttpError&lt;status&gt;), so an id cannot be misspelt or drift.
    /// </summary>
    public sealed class ErrorIdContractTests
    {
        private static readonly string Root = FindRoot();
        private static readonly HashSet<string> Constants = new HashSet<string>(
            typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (string)f.GetRawConstantValue()!), StringComparer.Ordinal);

        private static bool IsKnown(string id) => Constants.Contains(id) || Regex.IsMatch(id, "^HttpError[1-5][0-9][0-9]$");

        [Fact]
        public void Src_RaisesNoErrorIdAsALiteral()
        {
            // An id written as a literal where an error is made, instead of an ErrorIds constant.
            var literalId = new Regex(@"(new\s+(CadcException|CadcHttpException|ErrorRecord)\s*\((\s*\w+\s*,)?\s*""|ErrorRecords\.Create\(\s*""|ErrorId\s*==\s*""|ErrorIds\.HttpError\s*\+)");
            var offenders = Files("src", "*.cs")
                .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
                .Where(x => literalId.IsMatch(x.line))
                .Select(x => $"{Rel(x.f)}:{x.i + 1}: {x.line.Trim()}")
                .ToList();
            Assert.True(offenders.Count == 0, "error ids as literals:\n" + string.Join("\n", offenders));
        }

        [Fact]
        public void Src_WritesEachIdValueOnlyInErrorIds()
        {
            var offenders = new List<string>();
            foreach (var file in Files("src", "*.cs").Where(f => Path.GetFileName(f) != "ErrorIds.cs"))
                foreach (Match m in Regex.Matches(File.ReadAllText(file), "\"([A-Z][A-Za-z0-9]+)\""))
                    if (Constants.Contains(m.Groups[1].Value)) offenders.Add($"{Rel(file)}: \"{m.Groups[1].Value}\"");
            Assert.True(offenders.Count == 0, "id values outside ErrorIds:\n" + string.Join("\n", offenders));
        }

        [Fact]
        public void TestsExpectOnlyIdsThatExist()
        {
            // 'Id,*' and "Id,CadcPS.Commands..." (FullyQualifiedErrorId), -ErrorId 'Id', Assert.Equal("Id", ....ErrorId).
            var patterns = new[]
            {
                new Regex(@"['""](?<id>[A-Z][a-z][A-Za-z0-9]*),(\*|CadcPS\.|['""])"),
                new Regex(@"-ErrorId\s+['""](?<id>[A-Z][a-z][A-Za-z0-9]*)['"",]"),
                new Regex(@"Assert\.(Equal|StartsWith)\(\s*""(?<id>[A-Z][a-z][A-Za-z0-9]*)""\s*,[^;]*ErrorId"),
            };
            // The bad-input matrices: InlineData rows that end with the expected id.
            var theoryRow = new Regex(@"\[InlineData\([^)]*""(?<id>[A-Z][a-z]+[A-Z][A-Za-z0-9]+)""\s*\)\]");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var unknown = new List<string>();
            foreach (var file in Files("tests", "*.cs").Concat(Files("tests", "*.ps1")).Where(f => Path.GetFileName(f) != "ErrorIdContractTests.cs"))
                foreach (var (line, i) in File.ReadLines(file).Select((l, i) => (l, i)))
                    foreach (var p in Path.GetFileName(file) == "BadInputTests.cs" ? patterns.Append(theoryRow) : patterns)
                        foreach (Match m in p.Matches(line))
                        {
                            var id = m.Groups["id"].Value;
                            seen.Add(id);
                            if (!IsKnown(id)) unknown.Add($"{Rel(file)}:{i + 1}: {id}");
                        }
            Assert.True(seen.Count >= 25, $"the scan found only {seen.Count} ids in the tests: the patterns no longer match how tests name ids");
            Assert.True(unknown.Count == 0, "ids the tests expect but ErrorIds lacks:\n" + string.Join("\n", unknown));
        }

        [Fact]
        public void HttpErrorIds_CarryTheStatus()
        {
            Assert.Equal("HttpError404", ErrorIds.Http(404));
            Assert.Equal("HttpError500", ErrorIds.Http(500));
        }

        private static IEnumerable<string> Files(string folder, string pattern)
            => Directory.EnumerateFiles(Path.Combine(Root, folder), pattern, SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                         && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal));

        private static string Rel(string path) => Path.GetRelativePath(Root, path);

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Cadc.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cadc.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
