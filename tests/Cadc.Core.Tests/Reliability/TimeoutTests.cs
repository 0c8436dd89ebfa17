using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using Xunit;

namespace Cadc.Core.Tests.Reliability
{
    /// <summary>
    /// The waits of a call (issue 15, item 2): a sync query's answer may take the session's QueryTimeout to start,
    /// headers or first byte, while every other wait is the idle timeout; a call's own timeout reaches every request
    /// sent with its log, in code that knows nothing of it; a UWS blocking poll may take its WAIT on top.
    /// </summary>
    public sealed class TimeoutTests
    {
        private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

        private static CadcContext Context(TimeSpan timeout, TimeSpan query)
            => new CadcContext(new CadcConfiguration { Timeout = timeout, QueryTimeout = query, MaxAttempts = 1 });

        /// <summary>Headers at once, then the VOTable after <paramref name="pause"/>: a service that flushes its headers before it runs the query.</summary>
        private static RawHttpServer HeadersThenPause(TimeSpan pause) => new RawHttpServer(async (_, c) =>
        {
            await c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml"));
            await Task.Delay(pause);
            await c.SendAsync(Votable.Document(1, 2));
        });

        [Fact]
        public async Task ASyncQuery_MayTakeTheQueryTimeout_ToSendItsFirstByte_AfterItsHeaders()
        {
            using var server = HeadersThenPause(TimeSpan.FromSeconds(2.5));
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"), Context(Short, TimeSpan.FromSeconds(6)));
            Assert.Null(outcome.Error);
            Assert.Equal(new[] { 1, 2 }, outcome.Rows);
        }

        [Fact]
        public async Task AnyOtherAnswer_GetsTheIdleTimeout_ForItsFirstByte()
        {
            using var server = HeadersThenPause(TimeSpan.FromSeconds(2.5));
            var call = new CadcCall(Context(Short, TimeSpan.FromSeconds(6)), NullLog.Instance, CancellationToken.None, service: server.Url("tap").AbsoluteUri);
            var clock = Stopwatch.StartNew();
            var error = await FaultKit.Fails(async () =>
            {
                var tap = await TapService.ResolveAsync(call);
                using var result = await tap.OpenResultAsync(server.Url("tap/async/j1/results/result"), "SELECT n FROM t", call);
            });
            Assert.Equal(ErrorIds.RequestTimeout, error.ErrorId);
            Assert.Contains("sent its headers, then nothing for 1 s", error.Message);
            Assert.Equal(CadcRemedy.WaitLonger, error.Remedy);
            Assert.InRange(clock.Elapsed, Short * 0.9, TimeSpan.FromSeconds(2.4));
        }

        [Fact]
        public async Task ASyncQueryTimeout_NamesTheWait_AndRecommendsAnAsyncJob()
        {
            using var server = new RawHttpServer(async (_, c) => await c.HangAsync());
            var clock = Stopwatch.StartNew();
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"), Context(Short, TimeSpan.FromSeconds(2)));
            Assert.Equal(ErrorIds.RequestTimeout, outcome.Error?.ErrorId);
            Assert.Contains("did not answer within 2 s", outcome.Error!.Message);
            Assert.Equal(CadcRemedy.RunAsJob, outcome.Error.Remedy);
            Assert.Contains("/async", outcome.Error.RecommendedAction);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(4));
        }

        [Fact]
        public async Task ACallsOwnTimeout_ReachesARequestSentWithItsLog()
        {
            // TapJobs, DataLink, the downloader and the resolvers send with call.Log and call.Cancel only.
            using var server = new RawHttpServer(async (_, c) => await c.HangAsync());
            var context = Context(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
            var call = new CadcCall(context, NullLog.Instance, CancellationToken.None, timeout: Short);
            var clock = Stopwatch.StartNew();
            var error = await FaultKit.Fails(async () => { using var body = await context.GetAsync(server.Url("x"), call.Log, call.Cancel); });
            Assert.Equal(ErrorIds.RequestTimeout, error.ErrorId);
            Assert.Contains("within 1 s", error.Message);
            Assert.InRange(clock.Elapsed, Short * 0.9, TimeSpan.FromSeconds(3));
        }

        [Fact]
        public async Task ABlockingPoll_MayTakeItsWaitOnTopOfTheTimeout()
        {
            using var server = new RawHttpServer(async (r, c) =>
            {
                if (r.Target.Contains("WAIT=2", StringComparison.Ordinal)) await Task.Delay(TimeSpan.FromSeconds(1.8));
                await c.SendAsync(RawHttpServer.Head(200, "Content-Type: text/plain", "Content-Length: 2") + "ok");
            });
            var context = Context(Short, Short);
            var call = new CadcCall(context, NullLog.Instance, CancellationToken.None);
            using var body = await FaultKit.Within(() => context.GetAsync(server.Url("tap/async/j1?WAIT=2&PHASE=EXECUTING"), call.Log, call.Cancel));
            Assert.Equal('o', (char)body.ReadByte());
        }

        [Fact]
        public void ACallsTimeout_IsTheCommandsOwn_ElseTheSessions_AndTheQueryWaitIsNeverShorter()
        {
            var context = Context(TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(600));
            var session = new CadcCall(context, NullLog.Instance, CancellationToken.None);
            Assert.Null(session.GivenTimeout);
            Assert.Equal(TimeSpan.FromSeconds(900), session.Timeout);
            Assert.Equal(TimeSpan.FromSeconds(900), session.QueryTimeout); // a longer general wait lengthens the query's
            context.Configuration.Timeout = TimeSpan.FromSeconds(30);
            Assert.Equal(TimeSpan.FromSeconds(600), session.QueryTimeout);
            context.Configuration.QueryTimeout = Timeout.InfiniteTimeSpan;
            Assert.Equal(Timeout.InfiniteTimeSpan, session.QueryTimeout);

            var log = new RecordingLog();
            var own = new CadcCall(context, log, CancellationToken.None, timeout: TimeSpan.FromSeconds(5));
            Assert.Equal(TimeSpan.FromSeconds(5), own.Timeout);
            Assert.Equal(TimeSpan.FromSeconds(5), own.QueryTimeout); // -TimeoutSec bounds every wait of its command
            Assert.Equal(TimeSpan.FromSeconds(5), own.WithService("ivo://cadc.nrc.ca/resolver").Timeout);
            Assert.Equal(TimeSpan.FromSeconds(5), own.WithCancel(CancellationToken.None).Timeout);
            // a call made from another call's log (CadcLogin does) keeps its timeout, and its log
            var inner = new CadcCall(context, own.Log, CancellationToken.None);
            Assert.Equal(TimeSpan.FromSeconds(5), inner.Timeout);
            inner.Log.Verbose("reaches the command's log");
            Assert.Equal(new[] { "reaches the command's log" }, log.Lines);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-5)]
        public void ANonPositiveTimeout_IsRefused_InfiniteIsNoLimit(int seconds)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new CadcConfiguration { Timeout = TimeSpan.FromSeconds(seconds) });
            Assert.Throws<ArgumentOutOfRangeException>(() => new CadcConfiguration { QueryTimeout = TimeSpan.FromSeconds(seconds) });
            Assert.Throws<ArgumentOutOfRangeException>(() => new CadcCall(new CadcContext(), NullLog.Instance, CancellationToken.None, timeout: TimeSpan.FromSeconds(seconds)));
            Assert.Equal(Timeout.InfiniteTimeSpan, new CadcConfiguration { Timeout = Timeout.InfiniteTimeSpan }.Timeout);
        }
    }
}
