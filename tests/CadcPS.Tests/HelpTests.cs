using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>about_CadcPS_Errors documents exactly the ErrorIds the code can raise.</summary>
    public sealed class HelpTests
    {
        // Where an ErrorId is given as a literal instead of an ErrorIds constant.
        private static readonly Regex[] LiteralIds =
        {
            new Regex(@"ErrorRecords\.Create\(\s*""(\w+)"""),
            new Regex(@"new\s+Cadc(?:Http)?Exception\(\s*""(\w+)"""),
            new Regex(@"new\s+ErrorRecord\([^,;]+,\s*""(\w+)"""),
            new Regex(@"\bthis\([^;{}]*,\s*""(\w+)""\s*\)"),
        };

        /// <summary>Every ErrorId in src: the ErrorIds constants and the literals passed where an id goes.</summary>
        internal static SortedSet<string> ErrorIdsInSource()
        {
            var src = Path.Combine(Repo.Root, "src");
            var constants = File.ReadAllText(Path.Combine(src, "Cadc.Core", "Errors", "ErrorIds.cs"));
            var ids = new SortedSet<string>(Regex.Matches(constants, @"const\s+string\s+\w+\s*=\s*""(\w+)""").Select(m => m.Groups[1].Value), StringComparer.Ordinal);
            Assert.True(ids.Count >= 40, "ErrorIds.cs was not read: " + ids.Count);
            foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                foreach (var regex in LiteralIds)
                    foreach (Match m in regex.Matches(text)) ids.Add(m.Groups[1].Value);
            }
            return ids;
        }

        /// <summary>The ids about_CadcPS_Errors documents: its level-3 headings (HttpError\&lt;status\&gt;, markdown-escaped, documents HttpError).</summary>
        private static List<string> DocumentedIds()
        {
            var md = File.ReadAllLines(Path.Combine(Repo.Root, "docs", "en-US", "about_CadcPS_Errors.md"));
            return md.Where(l => l.StartsWith("### ", StringComparison.Ordinal))
                     .Select(l => l.Substring(4).Trim().Replace("\\", "").Replace("<status>", "")).ToList();
        }

        [Fact]
        public void TheSourceScan_FindsTheLiteralIds()
        {
            var ids = ErrorIdsInSource();
            foreach (var id in new[] { "FitsFileNotFound", "InvalidFits", "FitsFileNotReadable", "WaitWithoutAsync", "OutFileNeedsWait", "UnsupportedResponseFormat", "UnexpectedError", "TapQueryError", "HttpError" })
                Assert.Contains(id, ids);
        }

        [Fact]
        public void EveryErrorId_IsDocumented_AndNoOtherIs()
        {
            var used = ErrorIdsInSource();
            var documented = DocumentedIds();
            var twice = documented.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, "documented twice in about_CadcPS_Errors.md: " + string.Join(", ", twice));
            var undocumented = used.Except(documented).ToList();
            Assert.True(undocumented.Count == 0, "raised in src but not documented in docs/en-US/about_CadcPS_Errors.md: " + string.Join(", ", undocumented));
            var unknown = documented.Except(used).ToList();
            Assert.True(unknown.Count == 0, "documented in about_CadcPS_Errors.md but raised nowhere in src: " + string.Join(", ", unknown));
        }

        [Fact]
        public void TheShippedTopic_HoldsEveryDocumentedId()
        {
            using var e = new Engine();
            var text = string.Join("\n", e.Run("Get-Help about_CadcPS_Errors").AssertNoErrors().Output.Select(o => o.ToString()));
            Assert.Contains("about_CadcPS_Errors", text);
            foreach (var id in ErrorIdsInSource())
                Assert.Matches(new Regex(@"^\s+" + id + @"(<status>)?\s*$", RegexOptions.Multiline), text);
        }
    }
}
