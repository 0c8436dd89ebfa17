using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Download;
using Cadc.Core.Errors;
using Cadc.Core.Http;
using Cadc.Core.Tap;
using Xunit;

namespace Cadc.Core.Tests.Reliability
{
    /// <summary>
    /// The fault matrix runs one class at a time: its tests measure time against a 2 s timeout, and
    /// on a 2-core CI machine they should not compete with each other for the CPU.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class FaultMatrix
    {
        public const string Name = "FaultMatrix";
    }

    /// <summary>TAP sync queries (rows read through VOTableReader) against a service that misbehaves mid-answer.</summary>
    [Collection(FaultMatrix.Name)]
    public sealed class FaultMatrixTapTests
    {
        private static string Framing(string framing, string whole) => framing switch
        {
            "close" => "",
            "length" => "Content-Length: " + Votable.Bytes(whole),
            "chunked" => "Transfer-Encoding: chunked",
            _ => throw new ArgumentOutOfRangeException(nameof(framing)),
        };

        private static Task SendBody(RawConnection c, string framing, string text)
            => c.SendAsync(framing == "chunked" ? RawHttpServer.Chunk(text) : text);

        [Theory]
        [InlineData("close")]
        [InlineData("length")]
        [InlineData("chunked")]
        public async Task ResetMidBody_GivesTheRowsSoFar_ThenConnectionFailed(string framing)
        {
            using var server = new RawHttpServer(async (_, c) =>
            {
                await c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml", Framing(framing, Votable.Document(1, 2, 3, 4))));
                await SendBody(c, framing, Votable.Head + Votable.Rows(1, 2, 3));
                await Task.Delay(300);
                c.Reset();
            });
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"));
            Assert.Equal(new[] { 1, 2, 3 }, outcome.Rows);
            Assert.Equal(ErrorIds.ConnectionFailed, outcome.Error?.ErrorId);
        }

        [Theory]
        [InlineData("length")]
        [InlineData("chunked")]
        public async Task ABodyShorterThanAnnounced_IsConnectionFailed_NotAShortResult(string framing)
        {
            using var server = new RawHttpServer(async (_, c) =>
            {
                await c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml", Framing(framing, Votable.Document(1, 2, 3, 4))));
                // an orderly close (FIN) before the announced end: only the framing tells it from a complete answer
                await SendBody(c, framing, Votable.Head + Votable.Rows(1, 2, 3));
            });
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"));
            Assert.Equal(new[] { 1, 2, 3 }, outcome.Rows);
            Assert.Equal(ErrorIds.ConnectionFailed, outcome.Error?.ErrorId);
        }

        [Fact]
        public async Task ADripFeed_UnderTheIdleTimeout_CompletesWithEveryRow()
        {
            using var server = new RawHttpServer(async (_, c) =>
            {
                await c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml") + Votable.Head + Votable.Row(1));
                await c.DripAsync(Encoding.UTF8.GetBytes(Votable.Row(2)), FaultKit.Drip);
                await c.SendAsync(Votable.Row(3) + Votable.Tail);
            });
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"));
            Assert.Null(outcome.Error);
            Assert.Equal(new[] { 1, 2, 3 }, outcome.Rows);
            // the answer took longer than the timeout as a whole: only an idle (per-read) timeout lets it through
            Assert.True(outcome.Elapsed > FaultKit.Timeout, $"the drip took only {outcome.Elapsed}");
        }

        [Theory]
        [InlineData(new int[0])]
        [InlineData(new[] { 1, 2 })]
        public async Task SilenceAfterTheHeaders_IsRequestTimeout_AfterTheRowsSent(int[] rows)
        {
            var clientLetGo = new TaskCompletionSource();
            using var server = new RawHttpServer(async (_, c) =>
            {
                await c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml") + Votable.Head + Votable.Rows(rows));
                await c.HangAsync();
                clientLetGo.TrySetResult();
            });
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"));
            Assert.Equal(ErrorIds.RequestTimeout, outcome.Error?.ErrorId);
            Assert.Equal(rows, outcome.Rows);
            Assert.InRange(outcome.Elapsed, FaultKit.Timeout * 0.9, FaultKit.Timeout * 5);
            Assert.True(await FaultKit.Seen(clientLetGo.Task), "the client kept the stalled connection open");
        }

        [Theory]
        [InlineData("")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/x-votable+xml\r\n")]
        public async Task NoCompleteHeaders_IsRequestTimeout_AndTheQueryIsSentOnce(string partialHead)
        {
            using var server = new RawHttpServer(async (_, c) =>
            {
                await c.SendAsync(partialHead);
                await c.HangAsync();
            });
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"));
            Assert.Equal(ErrorIds.RequestTimeout, outcome.Error?.ErrorId);
            Assert.InRange(outcome.Elapsed, FaultKit.Timeout * 0.9, FaultKit.Timeout * 5);
            // a silent service is not retried: each attempt would cost the whole timeout again
            Assert.Single(server.Requests);
        }

        [Theory]
        [InlineData("mismatched tag", "<TR><TD>3</TX></TR>\n" + Votable.Tail)]
        [InlineData("truncated mid-row", "<TR><TD>3</T")]
        [InlineData("not a number", "<TR><TD>three</TD></TR>\n" + Votable.Tail)]
        [InlineData("ends after a row", "")]
        public async Task AMalformedVOTable_IsInvalidResponse_AfterTheRowsRead(string what, string rest)
        {
            using var server = new RawHttpServer((_, c) =>
                c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml") + Votable.Head + Votable.Rows(1, 2) + rest));
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"));
            Assert.True(outcome.Error?.ErrorId == ErrorIds.InvalidResponse, $"{what}: {outcome.Error?.ErrorId} {outcome.Error?.Message}");
            Assert.Equal(new[] { 1, 2 }, outcome.Rows);
            Assert.Contains("after 2 rows", outcome.Error!.Message);
        }

        [Theory]
        [InlineData("<VOTABLE><RESOURCE><TABLE><FIELD name=\"n\" datat")]
        [InlineData("<html><body><h1>Welcome to nginx!</h1></body></html>")]
        public async Task ABrokenHeader_IsInvalidResponse_BeforeAnyRow(string body)
        {
            using var server = new RawHttpServer((_, c) => c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml") + body));
            var outcome = await QueryOutcome.RunAsync(server.Url("tap"));
            Assert.Equal(ErrorIds.InvalidResponse, outcome.Error?.ErrorId);
            Assert.Empty(outcome.Rows);
        }
    }

    /// <summary>TAP results saved to a file (-OutFile): a fault must never leave a file that looks complete.</summary>
    [Collection(FaultMatrix.Name)]
    public sealed class FaultMatrixTapFileTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-fault-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private static Func<RawRequest, RawConnection, Task> Fault(string fault) => async (_, c) =>
        {
            await c.SendAsync(RawHttpServer.Head(200, "Content-Type: application/x-votable+xml") + Votable.Head + Votable.Rows(1, 2));
            switch (fault)
            {
                case "reset": await Task.Delay(300); c.Reset(); break;
                case "silence": await c.HangAsync(); break;
                case "truncated": await c.SendAsync("<TR><TD>3"); break;
            }
        };

        [Theory]
        [InlineData("reset", TapFileFormat.VOTable, ErrorIds.ConnectionFailed)]
        [InlineData("reset", TapFileFormat.Csv, ErrorIds.ConnectionFailed)]
        [InlineData("silence", TapFileFormat.VOTable, ErrorIds.RequestTimeout)]
        [InlineData("truncated", TapFileFormat.Csv, ErrorIds.InvalidResponse)]
        public async Task AFaultMidResult_LeavesNoFile_AndNoPart(string fault, TapFileFormat format, string errorId)
        {
            using var server = new RawHttpServer(Fault(fault));
            var path = Path.Combine(_dir, "result." + format.ToString().ToLowerInvariant());
            var error = await FaultKit.Fails(async () =>
            {
                var call = new CadcCall(FaultKit.Context(), NullLog.Instance, CancellationToken.None, service: server.Url("tap").AbsoluteUri);
                var service = await TapService.ResolveAsync(call);
                await TapResultFile.SaveAsync(service, new TapQuery("SELECT n FROM t"), path, format, call);
            });
            Assert.Equal(errorId, error.ErrorId);
            Assert.Empty(FaultKit.Files(_dir));
        }
    }

    /// <summary>
    /// File downloads. FileDownloader's contract: a file under its final name is always complete and verified;
    /// a partial one is kept as name.part only when the server offers Range (Accept-Ranges: bytes), so the
    /// next attempt can continue it; otherwise nothing is left.
    /// </summary>
    [Collection(FaultMatrix.Name)]
    public sealed class FaultMatrixDownloadTests : IDisposable
    {
        private const string Name = "f.fits";
        private static readonly byte[] Content = FaultKit.Payload(20000);
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-fault-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private string Target => Path.Combine(_dir, Name);

        private Task<DownloadResult> Download(RawHttpServer server, string? expectedMd5 = null)
            => FaultKit.Within(() => FileDownloader.DownloadAsync(server.Url(Name), _dir, null, expectedMd5, false, null, new CadcCall(FaultKit.Context(), NullLog.Instance, CancellationToken.None)));

        private Task<CadcException> DownloadFails(RawHttpServer server, string? expectedMd5 = null)
            => FaultKit.Fails(() => Download(server, expectedMd5));

        // A server that can resume: Range, and a validator (a strong ETag) that tells a later attempt it is still the same file.
        private const string Resumable = "Accept-Ranges: bytes\r\nETag: \"v1\"";

        private static string Ranges(bool ranges) => ranges ? Resumable : "";

        /// <summary>A well-behaved server: the whole file, or the rest of it when asked with Range.</summary>
        private static Task Serve(RawRequest request, RawConnection c)
        {
            var range = request.Header("Range");
            if (range is null)
                return c.SendAsync(Concat(RawHttpServer.Head(200, Resumable, "Content-Length: " + Content.Length), Content));
            var from = int.Parse(range.Substring("bytes=".Length).TrimEnd('-'));
            return c.SendAsync(Concat(RawHttpServer.Head(206, Resumable, $"Content-Range: bytes {from}-{Content.Length - 1}/{Content.Length}",
                "Content-Length: " + (Content.Length - from)), Content.Skip(from).ToArray()));
        }

        private static byte[] Concat(string head, byte[] body) => Encoding.ASCII.GetBytes(head).Concat(body).ToArray();

        [Fact]
        public async Task ResetMidBody_KeepsAResumablePart_AndTheNextAttemptResumesIt()
        {
            var first = true;
            using var server = new RawHttpServer(async (request, c) =>
            {
                if (!first) { await Serve(request, c); return; }
                first = false;
                await c.SendAsync(Concat(RawHttpServer.Head(200, Resumable, "Content-Length: " + Content.Length), Content.Take(8000).ToArray()));
                await Task.Delay(300);
                c.Reset();
            });
            var error = await DownloadFails(server);
            Assert.Equal(ErrorIds.ConnectionFailed, error.ErrorId);
            Assert.Equal(new[] { Name + ".etag", Name + ".part" }, FaultKit.Files(_dir));
            var part = File.ReadAllBytes(Target + ".part");
            Assert.InRange(part.Length, 1, 8000);
            Assert.Equal(Content.Take(part.Length), part);

            var second = await Download(server);
            Assert.True(second.Resumed);
            Assert.Equal(Content, File.ReadAllBytes(Target));
            Assert.Equal(new[] { Name }, FaultKit.Files(_dir));
            Assert.Equal($"bytes={part.Length}-", server.Requests.Last().Header("Range"));
        }

        [Fact]
        public async Task ResetMidBody_WithoutRangeSupport_LeavesNothing()
        {
            using var server = new RawHttpServer(async (_, c) =>
            {
                await c.SendAsync(Concat(RawHttpServer.Head(200, "Content-Length: " + Content.Length), Content.Take(8000).ToArray()));
                await Task.Delay(300);
                c.Reset();
            });
            var error = await DownloadFails(server);
            Assert.Equal(ErrorIds.ConnectionFailed, error.ErrorId);
            // no Range: a .part could never be continued, only mistaken for data
            Assert.Empty(FaultKit.Files(_dir));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task ABodyShorterThanItsContentLength_IsNeverAComplete_File(bool ranges)
        {
            using var server = new RawHttpServer((_, c) =>
                c.SendAsync(Concat(RawHttpServer.Head(200, Ranges(ranges), "Content-Length: " + Content.Length), Content.Take(12000).ToArray())));
            var error = await DownloadFails(server);
            Assert.Equal(ErrorIds.ConnectionFailed, error.ErrorId);
            Assert.False(File.Exists(Target));
            if (ranges) Assert.Equal(Content.Take(12000), File.ReadAllBytes(Target + ".part"));
            else Assert.Empty(FaultKit.Files(_dir));
        }

        [Fact]
        public async Task ADripFeed_UnderTheIdleTimeout_CompletesTheFile()
        {
            var small = Content.Take(16).ToArray();
            using var server = new RawHttpServer(async (_, c) =>
            {
                await c.SendAsync(RawHttpServer.Head(200, "Content-Length: " + small.Length));
                await c.DripAsync(small, FaultKit.Drip);
            });
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await Download(server);
            Assert.True(clock.Elapsed > FaultKit.Timeout, $"the drip took only {clock.Elapsed}");
            Assert.Equal(small, File.ReadAllBytes(result.Path));
            Assert.Equal(new[] { Name }, FaultKit.Files(_dir));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task SilenceMidBody_IsRequestTimeout_AndNoFinalFile(bool ranges)
        {
            var clientLetGo = new TaskCompletionSource();
            using var server = new RawHttpServer(async (_, c) =>
            {
                await c.SendAsync(Concat(RawHttpServer.Head(200, Ranges(ranges), "Content-Length: " + Content.Length), Content.Take(5000).ToArray()));
                await c.HangAsync();
                clientLetGo.TrySetResult();
            });
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var error = await DownloadFails(server);
            Assert.Equal(ErrorIds.RequestTimeout, error.ErrorId);
            Assert.InRange(clock.Elapsed, FaultKit.Timeout * 0.9, FaultKit.Timeout * 5);
            Assert.True(await FaultKit.Seen(clientLetGo.Task), "the client kept the stalled connection open");
            Assert.Equal(ranges ? new[] { Name + ".etag", Name + ".part" } : Array.Empty<string>(), FaultKit.Files(_dir));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task ACancelMidBody_EndsWithinASecond_KeepingOnlyAResumablePart(bool ranges)
        {
            var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var server = new RawHttpServer(async (_, c) =>
            {
                await c.SendAsync(Concat(RawHttpServer.Head(200, Ranges(ranges), "Content-Length: " + Content.Length), Content.Take(5000).ToArray()));
                halfSent.TrySetResult();
                await c.HangAsync();
            });
            using var cancel = new CancellationTokenSource();
            // a long timeout, so only the cancel can end the wait
            var context = new CadcContext(new CadcConfiguration { Timeout = TimeSpan.FromMinutes(5), MaxAttempts = 1 });
            var run = FileDownloader.DownloadAsync(server.Url(Name), _dir, null, null, false, null, new CadcCall(context, NullLog.Instance, cancel.Token));
            Assert.True(await FaultKit.Seen(halfSent.Task), "the server never sent the first half");
            await Task.Delay(200);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            cancel.Cancel();
            await FaultKit.Within(() => Assert.ThrowsAnyAsync<OperationCanceledException>(() => run));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the download went on for {clock.Elapsed.TotalSeconds:0.0} s after the cancel");
            Assert.Equal(ranges ? new[] { Name + ".etag", Name + ".part" } : Array.Empty<string>(), FaultKit.Files(_dir));
        }

        [Fact]
        public async Task NoHeaders_IsRequestTimeout_AndNothingIsWritten()
        {
            using var server = new RawHttpServer((_, c) => c.HangAsync());
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var error = await DownloadFails(server);
            Assert.Equal(ErrorIds.RequestTimeout, error.ErrorId);
            Assert.InRange(clock.Elapsed, FaultKit.Timeout * 0.9, FaultKit.Timeout * 5);
            Assert.Empty(FaultKit.Files(_dir));
        }

        [Theory]
        [InlineData("Content-MD5", false)]
        [InlineData("Content-MD5", true)]
        [InlineData("expected", false)]
        [InlineData("expected", true)]
        public async Task TheMd5_DecidesWhetherTheFileIsKept(string source, bool right)
        {
            var md5 = right ? FaultKit.Md5Hex(Content) : FaultKit.Md5Hex(Content.Reverse().ToArray());
            var header = source == "Content-MD5" ? "Content-MD5: " + Convert.ToBase64String(Convert.FromHexString(md5)) : "";
            using var server = new RawHttpServer((_, c) => c.SendAsync(Concat(RawHttpServer.Head(200, header, "Content-Length: " + Content.Length), Content)));
            var expected = source == "expected" ? "md5:" + md5 : null;
            if (right)
            {
                var result = await Download(server, expected);
                Assert.Equal(md5, result.Md5);
                Assert.Equal(new[] { Name }, FaultKit.Files(_dir));
                return;
            }
            var error = await DownloadFails(server, expected);
            Assert.Equal(ErrorIds.ChecksumMismatch, error.ErrorId);
            Assert.Empty(FaultKit.Files(_dir));
        }

        [Theory]
        [InlineData(200)]
        [InlineData(206)]
        public async Task AServerIgnoringRange_GivesTheWholeFile_NotAConcatenation(int answer)
        {
            // an interrupted download leaves the file's true first 1000 bytes (and its validator)
            var first = true;
            using var server = new RawHttpServer(async (request, c) =>
            {
                if (first)
                {
                    first = false;
                    await c.SendAsync(Concat(RawHttpServer.Head(200, Resumable, "Content-Length: " + Content.Length), Content.Take(1000).ToArray()));
                    await Task.Delay(300);
                    c.Reset();
                    return;
                }
                var head = request.Header("Range") != null && answer == 206
                    ? RawHttpServer.Head(206, Resumable, $"Content-Range: bytes 0-{Content.Length - 1}/{Content.Length}", "Content-Length: " + Content.Length)
                    : RawHttpServer.Head(200, Resumable, "Content-Length: " + Content.Length);
                await c.SendAsync(Concat(head, Content));
            });
            await DownloadFails(server);
            var have = new FileInfo(Target + ".part").Length;
            Assert.InRange(have, 1, 1000);
            var result = await Download(server);
            Assert.False(result.Resumed);
            Assert.Equal(Content, File.ReadAllBytes(Target));
            Assert.Equal(new[] { Name }, FaultKit.Files(_dir));
            Assert.Contains(server.Requests, r => r.Header("Range") == $"bytes={have}-");
        }

        [Fact]
        public async Task A503WithRetryAfter_OnAFile_IsWaitedFor_ThenTheFileIsComplete()
        {
            var first = true;
            using var server = new RawHttpServer((request, c) =>
            {
                if (!first) return Serve(request, c);
                first = false;
                return c.SendAsync(RawHttpServer.Head(503, "Retry-After: 1", "Content-Length: 0"));
            });
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Download(server);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), "Retry-After was not waited for");
            Assert.Equal(2, server.Requests.Count);
            Assert.Equal(Content, File.ReadAllBytes(Target));
        }
    }

    /// <summary>Redirects and error statuses, through every kind of request Core sends.</summary>
    [Collection(FaultMatrix.Name)]
    public sealed class FaultMatrixHttpTests : IDisposable
    {
        private const string Secret = "s3cret-token";
        private readonly string _dir = Directory.CreateTempSubdirectory("cadcps-fault-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        /// <summary>The three kinds of request: a TAP sync query (POST, retryable), a UWS job creation (POST, never retried), a file GET.</summary>
        private Task Send(string operation, RawHttpServer server, CadcContext? context = null, ICadcLog? log = null, CancellationToken ct = default, List<int>? rows = null)
        {
            context ??= FaultKit.Context();
            log ??= NullLog.Instance;
            return operation switch
            {
                "sync" => Task.Run(async () =>
                {
                    var call = new CadcCall(context, log, ct, service: server.Url("tap").AbsoluteUri);
                    var tap = await TapService.ResolveAsync(call);
                    using var result = await tap.ExecuteSyncAsync(new TapQuery("SELECT n FROM t"), call);
                    object?[]? row;
                    while ((row = result.ReadRow()) != null) rows?.Add((int)row[0]!);
                }),
                "job" => Task.Run(async () =>
                {
                    var call = new CadcCall(context, log, ct, service: server.Url("tap").AbsoluteUri);
                    await (await TapJobs.ResolveAsync(call)).CreateAsync(new TapQuery("SELECT n FROM t"), false, call);
                }),
                "download" => FileDownloader.DownloadAsync(server.Url("f.fits"), _dir, null, null, false, null, new CadcCall(context, log, ct)),
                _ => throw new ArgumentOutOfRangeException(nameof(operation)),
            };
        }

        private static Task Transient(RawConnection c, int status, string retryAfter)
            => c.SendAsync(RawHttpServer.Head(status, retryAfter.Length > 0 ? "Retry-After: " + retryAfter : "", "Content-Length: 0"));

        [Theory]
        [InlineData(408, "sync", "")]
        [InlineData(429, "sync", "1")]
        [InlineData(503, "sync", "date")]
        [InlineData(504, "sync", "")]
        [InlineData(408, "download", "")]
        [InlineData(429, "download", "date")]
        [InlineData(504, "download", "0")]
        public async Task ATransientStatus_IsRetried_AndTheResultIsTheCleanOne(int status, string operation, string retryAfter)
        {
            var first = true;
            using var server = new RawHttpServer((request, c) =>
            {
                if (first)
                {
                    first = false;
                    return Transient(c, status, retryAfter == "date" ? DateTimeOffset.UtcNow.AddSeconds(1).ToString("r") : retryAfter);
                }
                return request.Target == "/tap/sync" ? Answer(c, 200, "application/x-votable+xml", Votable.Document(1, 2, 3)) : Answer(c, 200, "application/octet-stream", "data");
            });
            var rows = new List<int>();
            var log = new RecordingLog();
            await FaultKit.Within(async () => { await Send(operation, server, log: log, rows: rows); return true; });
            Assert.Equal(2, server.Requests.Count);
            Assert.Contains(log.Lines, l => l.Contains($"HTTP {status}") && l.Contains("attempt 2 of 3"));
            if (operation == "sync") Assert.Equal(new[] { 1, 2, 3 }, rows);
            else Assert.Equal("data", File.ReadAllText(Path.Combine(_dir, "f.fits")));
        }

        [Theory]
        [InlineData(408)]
        [InlineData(429)]
        [InlineData(503)]
        [InlineData(504)]
        public async Task ATransientStatus_OnJobCreation_IsNotRetried(int status)
        {
            using var server = new RawHttpServer((_, c) => Transient(c, status, "0"));
            var error = await FaultKit.Fails(() => Send("job", server));
            Assert.StartsWith(status >= 503 ? ErrorIds.ServiceUnavailable : ErrorIds.HttpError, error.ErrorId);
            Assert.Single(server.Requests);
        }

        [Theory]
        [InlineData("86400")]
        [InlineData("date")]
        public async Task ALongRetryAfter_IsCappedAt128Seconds_AndTheWaitEndsAtCancel(string retryAfter)
        {
            using var server = new RawHttpServer((_, c) => Transient(c, 503, retryAfter == "date" ? DateTimeOffset.UtcNow.AddDays(1).ToString("r") : retryAfter));
            var log = new RecordingLog();
            using var cancel = new CancellationTokenSource();
            var run = Send("sync", server, log: log, ct: cancel.Token);
            var retrying = log.LineContaining("retrying in");
            Assert.True(await FaultKit.Seen(retrying), "no retry was announced");
            var announced = await retrying;
            Assert.Contains("capped at 128 s", announced);
            Assert.Contains("retrying in 128 s", announced);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            cancel.Cancel();
            await FaultKit.Within(() => Assert.ThrowsAnyAsync<OperationCanceledException>(() => run));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the wait went on for {clock.Elapsed.TotalSeconds:0.0} s after the cancel");
            Assert.Single(server.Requests);
        }

        private static Task Answer(RawConnection c, int status, string contentType, string body, params string[] headers)
            => c.SendAsync(RawHttpServer.Head(status, headers.Concat(new[] { "Content-Type: " + contentType, "Content-Length: " + Votable.Bytes(body) }).ToArray()) + body);

        [Theory]
        [InlineData("download", true)]
        [InlineData("sync", true)]
        [InlineData("job", false)]
        public async Task AResetBeforeAnyHeader_IsRetried_OnlyWhenSendingAgainIsSafe(string operation, bool retried)
        {
            var first = true;
            using var server = new RawHttpServer((request, c) =>
            {
                if (first)
                {
                    first = false;
                    c.Reset();
                    return Task.CompletedTask;
                }
                return request.Target == "/tap/sync" ? Answer(c, 200, "application/x-votable+xml", Votable.Document(1)) : Answer(c, 200, "application/octet-stream", "data");
            });
            if (retried)
            {
                await FaultKit.Within(async () => { await Send(operation, server); return true; });
                Assert.Equal(2, server.Requests.Count);
                return;
            }
            var error = await FaultKit.Fails(() => Send(operation, server));
            Assert.Equal(ErrorIds.ConnectionFailed, error.ErrorId);
            // a second POST could create a second job: the user decides
            Assert.Single(server.Requests);
        }

        /// <summary>
        /// A port whose accept queue is full: the kernel drops further SYNs, so a connect neither succeeds nor
        /// fails, as with a firewall that swallows packets.
        /// </summary>
        private sealed class UnansweredPort : IDisposable
        {
            private readonly System.Net.Sockets.Socket _listener = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            private readonly System.Net.Sockets.Socket _filler = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);

            public UnansweredPort()
            {
                _listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
                _listener.Listen(0);
                _filler.Connect(_listener.LocalEndPoint!);
                Url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)_listener.LocalEndPoint!).Port}/");
            }

            public Uri Url { get; }

            public void Dispose()
            {
                _filler.Dispose();
                _listener.Dispose();
            }
        }

        [Fact]
        public async Task AConnectThatHangs_IsRequestTimeout()
        {
            using var port = new UnansweredPort();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var error = await FaultKit.Fails(() => FileDownloader.DownloadAsync(new Uri(port.Url, "f.fits"), _dir, null, null, false, null, new CadcCall(FaultKit.Context(maxAttempts: 1), NullLog.Instance, CancellationToken.None)));
            Assert.Equal(ErrorIds.RequestTimeout, error.ErrorId);
            Assert.InRange(clock.Elapsed, FaultKit.Timeout * 0.9, FaultKit.Timeout * 5);
            Assert.Empty(FaultKit.Files(_dir));
        }

        [Fact]
        public async Task AConnectThatHangs_EndsWithinASecondOfCancel()
        {
            using var port = new UnansweredPort();
            using var cancel = new CancellationTokenSource();
            var context = new CadcContext(new CadcConfiguration { Timeout = TimeSpan.FromMinutes(5), MaxAttempts = 1 });
            var run = Task.Run(async () =>
            {
                var call = new CadcCall(context, NullLog.Instance, cancel.Token, service: new Uri(port.Url, "tap").AbsoluteUri);
                var tap = await TapService.ResolveAsync(call);
                using var result = await tap.ExecuteSyncAsync(new TapQuery("SELECT n FROM t"), call);
            });
            await Task.Delay(500);
            Assert.False(run.IsCompleted, "the connect did not hang: the test proves nothing");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            cancel.Cancel();
            await FaultKit.Within(() => Assert.ThrowsAnyAsync<OperationCanceledException>(() => run));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the connect went on for {clock.Elapsed.TotalSeconds:0.0} s after the cancel");
        }

        [Theory]
        [InlineData(302, "download")]
        [InlineData(307, "sync")]
        [InlineData(303, "job")]
        public async Task ARedirectLoop_IsTooManyRedirects(int status, string operation)
        {
            RawHttpServer? self = null;
            using var server = self = new RawHttpServer((request, c) => c.SendAsync(RawHttpServer.Head(status, "Location: " + self!.Url(request.Target), "Content-Length: 0")));
            var error = await FaultKit.Fails(() => Send(operation, server));
            Assert.Equal(ErrorIds.TooManyRedirects, error.ErrorId);
            Assert.Equal(RedirectHandler.MaxRedirects + 1, server.Requests.Count);
            Assert.Empty(FaultKit.Files(_dir));
        }

        [Fact]
        public async Task ARedirectLoopBetweenTwoHosts_IsTooManyRedirects()
        {
            RawHttpServer? serverA = null;
            using var serverB = new RawHttpServer((request, c) => c.SendAsync(RawHttpServer.Head(302, "Location: " + serverA!.Url(request.Target), "Content-Length: 0")));
            using var a = serverA = new RawHttpServer((request, c) => c.SendAsync(RawHttpServer.Head(302, "Location: " + serverB.Url(request.Target, "localhost"), "Content-Length: 0")));
            var error = await FaultKit.Fails(() => Send("download", serverA));
            Assert.Equal(ErrorIds.TooManyRedirects, error.ErrorId);
            Assert.Equal(RedirectHandler.MaxRedirects + 1, serverA.Requests.Count + serverB.Requests.Count);
        }

        [Theory]
        [InlineData(302, "GET", true)]
        [InlineData(307, "POST", false)] // across origins a 307 would resend the body: RedirectRefused (CredentialTests)
        [InlineData(302, "GET", false)]
        public async Task Credentials_FollowARedirect_OnlyToTheSameHost(int status, string method, bool crossHost)
        {
            using var other = new RawHttpServer((_, c) => Answer(c, 200, "text/plain", "there"));
            using var origin = new RawHttpServer((request, c) => request.Target == "/start"
                ? c.SendAsync(RawHttpServer.Head(status, "Location: " + (crossHost ? other.Url("end", "localhost") : "/end"), "Content-Length: 0"))
                : Answer(c, 200, "text/plain", "there"));
            var request = new HttpRequestMessage(new HttpMethod(method), origin.Url("start"));
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Secret);
            request.Headers.TryAddWithoutValidation("Cookie", "CADC_SSO=" + Secret);
            if (method == "POST") request.Content = new StringContent("QUERY=x", Encoding.UTF8, "application/x-www-form-urlencoded");

            var body = await FaultKit.Within(async () =>
            {
                using var stream = await FaultKit.Context().OpenAsync(request, NullLog.Instance, CancellationToken.None);
                return await new StreamReader(stream).ReadToEndAsync();
            });

            Assert.Equal("there", body);
            var first = origin.Requests.First();
            Assert.Equal("Bearer " + Secret, first.Header("Authorization"));
            Assert.Equal("CADC_SSO=" + Secret, first.Header("Cookie"));
            var followed = Assert.Single((crossHost ? other : origin).Requests, r => r.Target == "/end");
            Assert.Equal(method, followed.Method);
            if (method == "POST") Assert.Equal("QUERY=x", followed.Body);
            Assert.Equal(crossHost ? null : "Bearer " + Secret, followed.Header("Authorization"));
            Assert.Equal(crossHost ? null : "CADC_SSO=" + Secret, followed.Header("Cookie"));
        }

        [Theory]
        [InlineData(401, "text/plain", "sync")]
        [InlineData(401, "votable", "sync")]
        [InlineData(403, "text/plain", "sync")]
        [InlineData(403, "votable", "sync")]
        [InlineData(401, "text/plain", "job")]
        [InlineData(403, "votable", "job")]
        [InlineData(401, "text/plain", "download")]
        [InlineData(403, "text/plain", "download")]
        public async Task AuthFailures_AreTypedAuthErrors_WithTheServersWords(int status, string bodyKind, string operation)
        {
            var said = status == 401 ? "login required for this collection" : "proprietary until 2031-01-01";
            using var server = new RawHttpServer((_, c) => bodyKind == "votable"
                ? Answer(c, status, "application/x-votable+xml", Votable.Error(said))
                : Answer(c, status, "text/plain", said));
            var error = await FaultKit.Fails(() => Send(operation, server));
            Assert.Equal(status == 401 ? ErrorIds.NotAuthenticated : ErrorIds.PermissionDenied, error.ErrorId);
            Assert.Equal(status == 401 ? CadcErrorKind.AuthenticationError : CadcErrorKind.PermissionDenied, error.Kind);
            Assert.Contains(said, error.Message);
            Assert.NotNull(error.RecommendedAction);
            Assert.Single(server.Requests);
            Assert.Empty(FaultKit.Files(_dir));
        }

        [Theory]
        [InlineData(502)]
        [InlineData(503)]
        [InlineData(504)]
        public async Task AnUnavailableService_IsServiceUnavailable_EvenWhenItsBodyIsAQueryError(int status)
        {
            using var server = new RawHttpServer((_, c) => Answer(c, status, "application/x-votable+xml", Votable.Error("down for maintenance")));
            var error = await FaultKit.Fails(() => Send("sync", server, FaultKit.Context(maxAttempts: 1)));
            Assert.Equal(ErrorIds.ServiceUnavailable, error.ErrorId);
            Assert.Contains("down for maintenance", error.Message);
        }

        private static string TomcatPage(int stackLines) =>
            "<!doctype html><html lang=\"en\"><head><title>HTTP Status 500 – Internal Server Error</title>"
            + "<style type=\"text/css\">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;}</style></head>"
            + "<body><h1>HTTP Status 500 – Internal Server Error</h1><hr class=\"line\" /><p><b>Type</b> Exception Report</p>"
            + "<p><b>Message</b> Request processing failed</p><p><b>Description</b> The server encountered an unexpected condition.</p>"
            + "<p><b>Exception</b></p><pre>java.lang.NullPointerException\n"
            + string.Concat(Enumerable.Range(0, stackLines).Select(i => $"\tat ca.nrc.cadc.tap.QueryRunner.step{i}(QueryRunner.java:{100 + i})\n"))
            + "</pre><hr class=\"line\" /><h3>Apache Tomcat/9.0.82</h3></body></html>";

        /// <summary>A page whose head alone is longer than the part of an error body Core reads (64 KiB).</summary>
        private static string ScriptHeavyPage() =>
            "<!DOCTYPE html><html><head><title>Request processing failed</title><script>"
            + string.Concat(Enumerable.Range(0, 3000).Select(i => $"function f{i}(a){{return a+{i};}}\n"))
            + "</script></head><body><div id=\"app\"></div></body></html>";

        [Theory]
        [InlineData("sync", "tomcat")]
        [InlineData("job", "tomcat")]
        [InlineData("download", "tomcat")]
        [InlineData("sync", "long stack")]
        [InlineData("sync", "script-heavy")]
        public async Task A500WithAnHtmlPage_IsAShortHttpError_SentOnce(string operation, string page)
        {
            var html = page switch { "tomcat" => TomcatPage(40), "long stack" => TomcatPage(3000), _ => ScriptHeavyPage() };
            using var server = new RawHttpServer((_, c) => Answer(c, 500, "text/html;charset=utf-8", html));
            var error = await FaultKit.Fails(() => Send(operation, server));
            Assert.Equal(ErrorIds.HttpError + "500", error.ErrorId);
            Assert.Contains("Request processing failed", error.Message);
            Assert.DoesNotContain("<", error.Message);
            Assert.DoesNotContain("font-family", error.Message);
            Assert.DoesNotContain("function", error.Message);
            Assert.DoesNotContain("\n", error.Message);
            Assert.True(error.Message.Length <= 700, $"{error.Message.Length} characters: {error.Message}");
            // 500 is a server fault, not congestion: sending the query (or a new job) again would not help
            Assert.Single(server.Requests);
        }
    }
}
