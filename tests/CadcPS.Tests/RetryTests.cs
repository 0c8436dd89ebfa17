using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>The retry policy, seen through the engine against a scripted loopback server.</summary>
    public sealed class RetryTests
    {

        private static readonly string Table = VOTableText.Head(("n", "int", null)) + VOTableText.Row(1) + VOTableText.Row(2) + VOTableText.Tail();

        /// <summary>A server that fails the first <paramref name="failures"/> requests with <paramref name="fail"/>, then answers a 2-row VOTable.</summary>
        private static LoopbackServer Flaky(int failures, Action<System.Net.HttpListenerResponse> fail)
        {
            var count = 0;
            return new LoopbackServer(async ctx =>
            {
                if (Interlocked.Increment(ref count) <= failures)
                {
                    fail(ctx.Response);
                    return;
                }
                ctx.Response.ContentType = "application/x-votable+xml";
                await LoopbackServer.WriteAsync(ctx.Response, Table);
            });
        }

        [Fact]
        public void A503WithRetryAfterSeconds_IsRetried_AndVerboseSaysSo()
        {
            using var server = Flaky(2, r => { r.StatusCode = 503; r.AddHeader("Retry-After", "1"); });
            using var e = new Engine();
            var clock = Stopwatch.StartNew();
            var r = e.Run("Invoke-CadcTap 'SELECT n FROM t' -Service $u -Verbose", Engine.Vars(("u", server.BaseUrl + "/tap"))).AssertNoErrors();
            Assert.Equal(2, r.Output.Count);
            Assert.Equal(3, server.Requests.Count);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), "Retry-After was not waited for");
            Assert.Contains(r.Verbose, v => v.Contains("HTTP 503") && v.Contains("Retry-After 1 s") && v.Contains("attempt 2 of 6"));
        }

        [Fact]
        public void A429WithRetryAfterAsADate_IsRetried()
        {
            using var server = Flaky(1, r => { r.StatusCode = 429; r.AddHeader("Retry-After", DateTimeOffset.UtcNow.AddSeconds(1).ToString("r")); });
            using var e = new Engine();
            var r = e.Run("Invoke-CadcTap 'SELECT n FROM t' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap"))).AssertNoErrors();
            Assert.Equal(2, r.Output.Count);
            Assert.Equal(2, server.Requests.Count);
        }

        [Fact]
        public void APersistent504_StopsAfterSixAttempts_WithATypedError()
        {
            using var server = Flaky(int.MaxValue, r => { r.StatusCode = 504; r.AddHeader("Retry-After", "0"); });
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT n FROM t' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap"))).SingleError();
            Assert.StartsWith("ServiceUnavailable,", error.FullyQualifiedErrorId);
            Assert.Equal(6, server.Requests.Count);
        }

        [Fact]
        public void JobCreation_IsNeverRetried()
        {
            using var server = Flaky(int.MaxValue, r => { r.StatusCode = 503; r.AddHeader("Retry-After", "0"); });
            using var e = new Engine();
            var error = e.Run("Invoke-CadcTap 'SELECT n FROM t' -Service $u -Async", Engine.Vars(("u", server.BaseUrl + "/tap"))).SingleError();
            Assert.StartsWith("ServiceUnavailable,", error.FullyQualifiedErrorId);
            var request = Assert.Single(server.Requests);
            Assert.Equal("POST", request.Method);
            Assert.Equal("/tap/async", request.PathAndQuery);
        }

        [Fact]
        public void CtrlC_DuringARetryAfterWait_EndsAtOnce()
        {
            using var server = Flaky(int.MaxValue, r => { r.StatusCode = 503; r.AddHeader("Retry-After", "100"); });
            using var e = new Engine();
            using var ps = e.Create("Invoke-CadcTap 'SELECT n FROM t' -Service $u", Engine.Vars(("u", server.BaseUrl + "/tap")));
            var started = ps.BeginInvoke();
            for (var i = 0; i < 100 && server.Requests.IsEmpty; i++) Thread.Sleep(50);
            Thread.Sleep(300);
            var clock = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Stop took {clock.Elapsed}");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.Single(server.Requests);
        }

        [Fact]
        public void ARefusedConnection_IsAConnectionFailedError_Quickly()
        {
            using var e = new Engine();
            var clock = Stopwatch.StartNew();
            var error = e.Run("Invoke-CadcTap 'SELECT 1' -Service 'http://127.0.0.1:9/tap'").SingleError();
            Assert.StartsWith("ConnectionFailed,", error.FullyQualifiedErrorId);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        }
    }
}
