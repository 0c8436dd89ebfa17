using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Cadc.Core.Tests.Reliability
{
    /// <summary>
    /// An HTTP/1.1 server on a raw loopback socket. Unlike HttpListener it lets a handler break the
    /// protocol the way real networks do: lie about Content-Length, stop mid-body, reset, drip, hang.
    /// Every answer carries Connection: close, so no test depends on the shared client's connection pool.
    /// </summary>
    internal sealed class RawHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<RawRequest> _requests = new ConcurrentQueue<RawRequest>();
        private readonly ConcurrentDictionary<Socket, byte> _open = new ConcurrentDictionary<Socket, byte>();
        private readonly Func<RawRequest, RawConnection, Task> _handle;

        public RawHttpServer(Func<RawRequest, RawConnection, Task> handle)
        {
            _handle = handle;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoopAsync);
        }

        public int Port { get; }

        /// <summary>http://127.0.0.1:port/path; <paramref name="host"/> "localhost" names the same server as another host.</summary>
        public Uri Url(string path = "", string host = "127.0.0.1") => new Uri($"http://{host}:{Port}/{path.TrimStart('/')}");

        public IReadOnlyList<RawRequest> Requests => _requests.ToArray();

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try { socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false); }
                catch (Exception) { return; }
                _ = Task.Run(() => ServeAsync(socket));
            }
        }

        private async Task ServeAsync(Socket socket)
        {
            _open[socket] = 0;
            var connection = new RawConnection(socket, _stop.Token);
            try
            {
                var request = await RawRequest.ReadAsync(socket, _stop.Token).ConfigureAwait(false);
                if (request is null) return;
                _requests.Enqueue(request);
                await _handle(request, connection).ConfigureAwait(false);
                await connection.FinishAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException || ex is IOException || ex is ObjectDisposedException || ex is OperationCanceledException)
            {
                // The client went away or the test ended: exactly the situations these tests provoke.
            }
            finally
            {
                _open.TryRemove(socket, out _);
                socket.Dispose();
            }
        }

        /// <summary>Status line and headers (empty ones left out), with Connection: close; the blank line ends them.</summary>
        public static string Head(int status, params string[] headers)
            => $"HTTP/1.1 {status} {Reason(status)}\r\nConnection: close\r\n" + string.Concat(headers.Where(h => h.Length > 0).Select(h => h + "\r\n")) + "\r\n";

        /// <summary>One chunk of a Transfer-Encoding: chunked body.</summary>
        public static string Chunk(string text) => $"{Encoding.UTF8.GetByteCount(text):X}\r\n{text}\r\n";

        public const string LastChunk = "0\r\n\r\n";

        private static string Reason(int status) => status switch
        {
            200 => "OK",
            206 => "Partial Content",
            302 => "Found",
            303 => "See Other",
            307 => "Temporary Redirect",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            408 => "Request Timeout",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => "Status",
        };

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            foreach (var socket in _open.Keys) socket.Dispose();
        }
    }

    /// <summary>The accepted socket, as a handler sees it: bytes out, and the faults.</summary>
    internal sealed class RawConnection
    {
        private readonly Socket _socket;
        private readonly CancellationToken _stop;
        private bool _closed;

        internal RawConnection(Socket socket, CancellationToken stop)
        {
            _socket = socket;
            _stop = stop;
        }

        public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

        public async Task SendAsync(byte[] bytes)
        {
            var sent = 0;
            while (sent < bytes.Length)
                sent += await _socket.SendAsync(new ArraySegment<byte>(bytes, sent, bytes.Length - sent), SocketFlags.None, _stop).ConfigureAwait(false);
        }

        /// <summary>One byte at a time, <paramref name="every"/> apart.</summary>
        public async Task DripAsync(byte[] bytes, TimeSpan every)
        {
            foreach (var b in bytes)
            {
                await Task.Delay(every, _stop).ConfigureAwait(false);
                await SendAsync(new[] { b }).ConfigureAwait(false);
            }
        }

        /// <summary>Aborts the connection with a TCP RST (linger 0), as a crashed proxy or server does.</summary>
        public void Reset()
        {
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
            _closed = true;
        }

        /// <summary>Sends nothing more, and returns only when the client closes the connection (or the server stops).</summary>
        public async Task HangAsync()
        {
            var sink = new byte[1024];
            while (await _socket.ReceiveAsync(sink, SocketFlags.None, _stop).ConfigureAwait(false) > 0) { }
        }

        /// <summary>
        /// An orderly end (FIN). The client's own close is awaited before the socket is released: closing with
        /// unread input would make the kernel send RST, turning a "truncated" test into a "reset" one.
        /// </summary>
        internal async Task FinishAsync()
        {
            if (_closed) return;
            _socket.Shutdown(SocketShutdown.Send);
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(_stop);
            grace.CancelAfter(TimeSpan.FromSeconds(30));
            var sink = new byte[1024];
            while (await _socket.ReceiveAsync(sink, SocketFlags.None, grace.Token).ConfigureAwait(false) > 0) { }
        }
    }

    /// <summary>A request as the raw server read it (bodies by Content-Length only: all Core sends).</summary>
    internal sealed class RawRequest
    {
        private RawRequest(string method, string target, Dictionary<string, string> headers, string body)
        {
            Method = method;
            Target = target;
            Headers = headers;
            Body = body;
        }

        public string Method { get; }
        public string Target { get; }
        public IReadOnlyDictionary<string, string> Headers { get; }
        public string Body { get; }

        public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

        internal static async Task<RawRequest?> ReadAsync(Socket socket, CancellationToken stop)
        {
            var data = new MemoryStream();
            var chunk = new byte[8192];
            int end;
            while ((end = HeaderEnd(data)) < 0)
            {
                var n = await socket.ReceiveAsync(chunk, SocketFlags.None, stop).ConfigureAwait(false);
                if (n == 0) return null;
                data.Write(chunk, 0, n);
            }
            var lines = Encoding.ASCII.GetString(data.GetBuffer(), 0, end).Split("\r\n");
            var start = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0) continue;
                var name = line.Substring(0, colon).Trim();
                var value = line.Substring(colon + 1).Trim();
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            }
            var length = headers.TryGetValue("Content-Length", out var cl) ? int.Parse(cl) : 0;
            while (data.Length < end + 4 + length)
            {
                var n = await socket.ReceiveAsync(chunk, SocketFlags.None, stop).ConfigureAwait(false);
                if (n == 0) return null;
                data.Write(chunk, 0, n);
            }
            return new RawRequest(start[0], start[1], headers, Encoding.UTF8.GetString(data.GetBuffer(), end + 4, length));
        }

        private static int HeaderEnd(MemoryStream data)
        {
            var b = data.GetBuffer();
            for (var i = 0; i + 3 < data.Length; i++)
                if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
            return -1;
        }
    }
}
