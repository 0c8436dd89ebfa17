using System;
using System.Linq;
using System.Management.Automation;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>Search-CadcTarget: astroquery's query_name, with escaping and wildcards.</summary>
    public sealed class SearchCadcTargetTests
    {

        [Fact]
        public void ASubstring_MatchesCaseInsensitively()
        {
            using var e = Engine.ForSandbox();
            var lower = e.Run("Search-CadcTarget m31-a").AssertNoErrors();
            var upper = e.Run("Search-CadcTarget M31-A").AssertNoErrors();
            Assert.NotEmpty(lower.Output);
            Assert.Equal(lower.Output.Count, upper.Output.Count);
            Assert.All(lower.Output, o => Assert.Contains("m31-a", ((string)RunResult.Value(o, "target_name")!).ToLowerInvariant()));
        }

        [Fact]
        public void Exact_MatchesOnlyTheWholeName()
        {
            using var e = Engine.ForSandbox();
            var exact = e.Run("Search-CadcTarget M31-B14 -Exact").AssertNoErrors();
            var substring = e.Run("Search-CadcTarget M31-B14").AssertNoErrors();
            Assert.NotEmpty(exact.Output);
            Assert.All(exact.Output, o => Assert.Equal("M31-B14", RunResult.Value(o, "target_name")));
            Assert.Contains(substring.Output, o => (string?)RunResult.Value(o, "target_name") == "M31-B14-field");
        }

        [Fact]
        public void Wildcards_MapToLike_WithUnderscoreLiteral()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Search-CadcTarget 'nr3491_*'").AssertNoErrors();
            Assert.Equal(6, r.Output.Count);   // 5 CFHT planes (junk included: a name search has no quality filter) + 1 GEMINI
            var q = (string)e.Run("Search-CadcTarget 'nr3491_*' -AsQuery").AssertNoErrors().Output.Single().BaseObject;
            Assert.EndsWith(@"WHERE LOWER(o.target_name) LIKE 'nr3491\_%'", q);
            // '_' is literal: 'Nr3491x1' would not match; '?' is the one-character wildcard
            var q2 = (string)e.Run("Search-CadcTarget 'M31-?14' -AsQuery").AssertNoErrors().Output.Single().BaseObject;
            Assert.EndsWith("LIKE 'm31-_14'", q2);
            Assert.Equal(e.Run("Search-CadcTarget M31-B14 -Exact").Output.Count, e.Run("Search-CadcTarget 'M31-?14'").AssertNoErrors().Output.Count);
        }

        [Fact]
        public void AQuoteInAName_WorksAndCannotChangeTheQuery()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Search-CadcTarget \"x' OR '1'='1\"").AssertNoErrors();
            Assert.Empty(r.Output);
            var q = (string)e.Run("Search-CadcTarget \"O'Brien's star\" -AsQuery").AssertNoErrors().Output.Single().BaseObject;
            Assert.EndsWith("LIKE '%o''brien''s star%'", q);
            var percent = (string)e.Run("Search-CadcTarget '100%' -AsQuery").AssertNoErrors().Output.Single().BaseObject;
            Assert.EndsWith(@"LIKE '%100\%%'", percent);
        }

        [Fact]
        public void NamesFromThePipeline_AreSearchedInTurn()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("'M31-A-6', 'Nr3491_1' | Search-CadcTarget -Exact").AssertNoErrors();
            Assert.Contains(r.Output, o => (string?)RunResult.Value(o, "target_name") == "M31-A-6");
            Assert.Equal(6, r.Output.Count(o => (string?)RunResult.Value(o, "target_name") == "Nr3491_1"));
        }

        [Fact]
        public void AnEmptyName_IsAClearError()
        {
            using var e = new Engine();
            var error = e.Run("Search-CadcTarget ' '").SingleError();
            Assert.Equal("InvalidTargetName,CadcPS.Commands.SearchCadcTargetCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void ACollectionFilter_Applies()
        {
            using var e = Engine.ForSandbox();
            var r = e.Run("Search-CadcTarget M31 -Collection JCMT").AssertNoErrors();
            Assert.All(r.Output, o => Assert.Equal("JCMT", RunResult.Value(o, "collection")));
        }
    }
}
