using System;
using System.IO;
using System.Linq;
using Cadc.Core.Uws;
using Xunit;

namespace Cadc.Core.Tests.Uws
{
    /// <summary>UWS jobs and job lists as real services send them (../shared/fixtures), read in place.</summary>
    public sealed class UwsParserTests
    {
        private static readonly Uri List = new Uri("https://example.org/tap/async");

        private static UwsJob Job(string file)
        {
            using var s = File.OpenRead(Fixtures.PathOf(file));
            return UwsParser.ParseJob(s, new Uri("https://example.org/tap/async/x"));
        }

        [Fact]
        public void AnErrorJob_HasItsSummary()
        {
            var job = Job("pyvo/pyvo/io/uws/tests/data/job-error.xml");
            Assert.Equal("1337", job.Id);
            Assert.Equal(UwsPhase.Error, job.Phase);
            Assert.False(string.IsNullOrWhiteSpace(job.ErrorMessage));
            Assert.Equal(new DateTime(2018, 1, 1, 0, 0, 0, DateTimeKind.Utc), job.CreationTime);
            Assert.Equal(7200, job.ExecutionDuration);
        }

        [Theory]
        [InlineData("pyvo/_history/a6ca90608c/pyvo/dal/tests/data/arihip-tap-async.xml", "PENDING")]
        [InlineData("astroquery/astroquery/casda/tests/data/run_job.xml", "EXECUTING")]
        [InlineData("astroquery/astroquery/casda/tests/data/suspended_job.xml", "SUSPENDED")]
        [InlineData("astroquery/astroquery/casda/tests/data/completed_job.xml", "COMPLETED")]
        [InlineData("pyvo/pyvo/io/uws/tests/data/job-implicit-v1.0.xml", null)]
        [InlineData("pyvo/pyvo/io/uws/tests/data/job-with-duplicate-elements.xml", null)]
        [InlineData("pyvo/pyvo/io/uws/tests/data/job-with-nested-jobinfo.xml", null)]
        public void RealJobs_Parse(string file, string? phase)
        {
            var job = Job(file);
            Assert.False(string.IsNullOrEmpty(job.Id));
            Assert.Contains(job.Phase, UwsPhase.All);
            if (phase != null) Assert.Equal(phase, job.Phase);
        }

        [Fact]
        public void ACompletedJob_ListsItsResults()
        {
            var job = Job("astroquery/astroquery/casda/tests/data/completed_job.xml");
            Assert.NotEmpty(job.Results);
            Assert.All(job.Results, r => Assert.True(r.Value.IsAbsoluteUri));
        }

        [Theory]
        [InlineData("astroquery/astroquery/utils/tap/tests/data/jobs_list.xml", 2)]            // jobref + xlink:href
        [InlineData("uws/cadc-uws/src/test/resources/xml/test-job-list.xml", -1)]               // CADC's, UWS 1.0rc3 namespace
        [InlineData("astroquery/astroquery/esa/euclid/tests/data/jobs.xml", -1)]                // full <job> entries
        [InlineData("astroquery/astroquery/utils/tap/xmlparser/tests/data/test_jobs_async.xml", -1)]
        public void JobListVariants_AllParse(string file, int count)
        {
            using var s = File.OpenRead(Fixtures.PathOf(file));
            var jobs = UwsParser.ParseJobList(s, List);
            Assert.NotEmpty(jobs);
            if (count >= 0) Assert.Equal(count, jobs.Count);
            Assert.All(jobs, j => Assert.False(string.IsNullOrEmpty(j.Id)));
            Assert.All(jobs, j => Assert.NotNull(j.Url));
            Assert.All(jobs, j => Assert.Contains(j.Phase, UwsPhase.All));
        }

        [Fact]
        public void AJobRefWithoutHref_GetsAUrlUnderTheList()
        {
            var xml = "<uws:jobs xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\"><uws:jobref id=\"abc\"><uws:phase>QUEUED</uws:phase><uws:creationTime>2026-01-02T03:04:05Z</uws:creationTime></uws:jobref></uws:jobs>";
            var job = UwsParser.ParseJobList(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)), List).Single();
            Assert.Equal("https://example.org/tap/async/abc", job.Url!.AbsoluteUri);
            Assert.Equal(UwsPhase.Queued, job.Phase);
            Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), job.CreationTime);
        }

        [Fact]
        public void NotAJob_IsAFormatError()
        {
            Assert.Throws<FormatException>(() => UwsParser.ParseJob(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("<html/>"))));
            Assert.Throws<FormatException>(() => UwsParser.ParseJobList(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("<VOTABLE/>")), List));
        }
    }
}
