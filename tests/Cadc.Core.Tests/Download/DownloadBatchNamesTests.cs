using System;
using Cadc.Core.Download;
using Xunit;

namespace Cadc.Core.Tests.Download
{
    /// <summary>The names -WhatIf and -Confirm show: those the batch would save under.</summary>
    public sealed class DownloadBatchNamesTests
    {
        [Fact]
        public void FileNamesOf_ThePlansNames_ClaimedAsTheBatchDoes_AndTheUrlsNameOtherwise()
        {
            var a = new SaveTarget("ivo://x/A?1/p", new Uri("http://h/sync?ID=1&POS=CIRCLE%201%202%203"), "p__cutout.fits");
            var b = new SaveTarget("ivo://x/B?1/p", new Uri("http://h/sync?ID=2&POS=CIRCLE%201%202%203"), "p__cutout.fits");
            var same = new SaveTarget("ivo://x/A?1/p", a.Url, "p__cutout.fits");
            var file = new SaveTarget("ivo://x/C?2/q", new Uri("http://h/files/CFHT/2376543__2376543o.fits"), null);
            var names = DownloadBatch.FileNamesOf(new[] { a, b, same, file });
            Assert.Equal("p__cutout.fits", names[0]);
            // another URL under a taken name gets the batch's stable suffix; the same URL and name is the same file
            var claims = new PathClaims();
            claims.Claim("p__cutout.fits", a.Url);
            Assert.Equal(claims.Claim("p__cutout.fits", b.Url), names[1]);
            Assert.NotEqual(names[0], names[1]);
            Assert.Equal(names[0], names[2]);
            Assert.Equal("2376543__2376543o.fits", names[3]);
        }
    }
}
