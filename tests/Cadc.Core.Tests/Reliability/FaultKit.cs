using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core.Errors;
using Cadc.Core.Tap;
using Xunit;
using Xunit.Sdk;

namespace Cadc.Core.Tests.Reliability
{
    /// <summary>Settings and guards shared by the fault matrix.</summary>
    internal static class FaultKit
    {
        /// <summary>Small, so a hang is proven quickly; still 10x the drip interval, so slow-but-alive never trips it.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

        public static readonly TimeSpan Drip = TimeSpan.FromMilliseconds(200);

        /// <summary>The outer guard: far above any expected duration, far below xunit's patience.</summary>
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(45);

        /// <summary>A session whose every wait is <see cref="Timeout"/> (or <paramref name="wait"/>), the sync query's answer included (its default is 600 s).</summary>
        public static CadcContext Context(int maxAttempts = 3, TimeSpan? wait = null)
            => new CadcContext(new CadcConfiguration { Timeout = wait ?? Timeout, QueryTimeout = wait ?? Timeout, MaxAttempts = maxAttempts, RetryBaseDelay = TimeSpan.FromMilliseconds(50) });

        /// <summary>Runs <paramref name="run"/> off the test thread (Core reads bodies synchronously too) and fails the test if it hangs.</summary>
        public static async Task<T> Within<T>(Func<Task<T>> run)
        {
            var task = Task.Run(run);
            if (await Task.WhenAny(task, Task.Delay(Guard)).ConfigureAwait(false) != task)
                throw new XunitException($"still running after {Guard.TotalSeconds} s: the fault made Core hang");
            return await task.ConfigureAwait(false);
        }

        /// <summary>The typed error <paramref name="run"/> ends with (any other outcome fails the test).</summary>
        public static Task<CadcException> Fails(Func<Task> run)
            => Within(() => Assert.ThrowsAnyAsync<CadcException>(run));

        /// <summary>File names in <paramref name="dir"/>, sorted: what a fault left behind.</summary>
        public static string[] Files(string dir) => Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).OrderBy(f => f, StringComparer.Ordinal).ToArray();

        public static byte[] Payload(int length)
        {
            var bytes = new byte[length];
            new Random(length).NextBytes(bytes);
            return bytes;
        }

        public static string Md5Hex(byte[] bytes) => Convert.ToHexString(System.Security.Cryptography.MD5.HashData(bytes)).ToLowerInvariant();

        /// <summary>Waits for <paramref name="signal"/> without hanging the test when it never comes.</summary>
        public static async Task<bool> Seen(Task signal, double seconds = 15)
            => await Task.WhenAny(signal, Task.Delay(TimeSpan.FromSeconds(seconds))).ConfigureAwait(false) == signal;
    }

    /// <summary>A one-column (int n) TABLEDATA VOTable in pieces, so a server can break it anywhere.</summary>
    internal static class Votable
    {
        public const string Head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n"
            + "<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n<TABLE>\n<FIELD name=\"n\" datatype=\"int\"/>\n<DATA><TABLEDATA>\n";

        public const string Tail = "</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n";

        public static string Row(int n) => $"<TR><TD>{n}</TD></TR>\n";

        public static string Rows(params int[] values) => string.Concat(values.Select(Row));

        public static string Document(params int[] values) => Head + Rows(values) + Tail;

        public static string Error(string message) => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n"
            + $"<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"ERROR\">{message}</INFO>\n</RESOURCE>\n</VOTABLE>\n";

        public static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
    }

    /// <summary>What a sync query against a faulty server gave: the rows before the fault, the error, the time taken.</summary>
    internal sealed class QueryOutcome
    {
        public List<int> Rows { get; } = new List<int>();
        public CadcException? Error { get; set; }
        public TimeSpan Elapsed { get; set; }

        /// <summary>Resolves <paramref name="tap"/> as a direct URL, runs a sync query and reads every row the way the cmdlet does.</summary>
        public static Task<QueryOutcome> RunAsync(Uri tap, CadcContext? context = null)
            => FaultKit.Within(async () =>
            {
                var outcome = new QueryOutcome();
                var clock = Stopwatch.StartNew();
                try
                {
                    var call = new CadcCall(context ?? FaultKit.Context(), NullLog.Instance, CancellationToken.None, service: tap.AbsoluteUri);
                    var service = await TapService.ResolveAsync(call);
                    using var result = await service.ExecuteSyncAsync(new TapQuery("SELECT n FROM t"), call);
                    object?[]? row;
                    while ((row = result.ReadRow()) != null) outcome.Rows.Add((int)row[0]!);
                }
                catch (CadcException ex)
                {
                    outcome.Error = ex;
                }
                outcome.Elapsed = clock.Elapsed;
                return outcome;
            });
    }
}
