using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CadcPS.Tests.Infrastructure
{
    /// <summary>
    /// A scripted HTTP server on a free loopback port: each request is handed to a handler that may
    /// stream its answer piecewise and wait in between, which is how streaming and cancellation are proven.
    /// </summary>
    internal sealed class LoopbackServer : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly Func<HttpListenerContext, ReceivedRequest, Task> _handler;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;

        public LoopbackServer(Func<HttpListenerContext, Task> handler)
            : this((context, _) => handler(context))
        {
        }

        /// <summary>A server whose handler also gets the request as received (its form body is read already).</summary>
        public LoopbackServer(Func<HttpListenerContext, ReceivedRequest, Task> handler)
        {
            _handler = handler;
            Port = FreePort();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _loop = Task.Run(AcceptLoop);
        }

        public int Port { get; }
        public string BaseUrl => $"http://127.0.0.1:{Port}";

        /// <summary>Requests as received: method, path and query, headers and form body.</summary>
        public ConcurrentQueue<ReceivedRequest> Requests { get; } = new ConcurrentQueue<ReceivedRequest>();

        /// <summary>Exceptions the handlers met, e.g. the client closing the connection mid-answer.</summary>
        public ConcurrentQueue<Exception> HandlerFailures { get; } = new ConcurrentQueue<Exception>();

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
                catch (Exception) when (_stop.IsCancellationRequested) { return; }
                catch (HttpListenerException) { return; }
                catch (ObjectDisposedException) { return; }
                _ = Task.Run(async () =>
                {
                    try
                    {
                        string body;
                        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
                        var received = new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery,
                            context.Request.Headers["User-Agent"], context.Request.Headers["Authorization"], body) { Cookie = context.Request.Headers["Cookie"] };
                        Requests.Enqueue(received);
                        await _handler(context, received).ConfigureAwait(false);
                    }
                    catch (Exception ex) { HandlerFailures.Enqueue(ex); }
                    finally
                    {
                        try { context.Response.Close(); } catch { }
                    }
                });
            }
        }

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        public static async Task WriteAsync(HttpListenerResponse response, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            await response.OutputStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
            await response.OutputStream.FlushAsync().ConfigureAwait(false);
        }

        public void Dispose()
        {
            _stop.Cancel();
            try { _listener.Stop(); _listener.Close(); } catch { }
            try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch { }
        }
    }

    internal sealed record ReceivedRequest(string Method, string PathAndQuery, string? UserAgent, string? Authorization, string Body)
    {
        public string? Cookie { get; init; }
    }

    /// <summary>TABLEDATA VOTables for the loopback server.</summary>
    internal static class VOTableText
    {
        public static string Head(params (string name, string datatype, string? arraysize)[] fields)
        {
            var sb = new StringBuilder();
            sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n");
            sb.Append("<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n<TABLE>\n");
            foreach (var (name, datatype, arraysize) in fields)
                sb.Append($"<FIELD name=\"{name}\" datatype=\"{datatype}\"{(arraysize != null ? $" arraysize=\"{arraysize}\"" : "")}/>\n");
            sb.Append("<DATA><TABLEDATA>\n");
            return sb.ToString();
        }

        public static string Row(params object[] cells)
        {
            var sb = new StringBuilder("<TR>");
            foreach (var c in cells) sb.Append("<TD>").Append(System.Security.SecurityElement.Escape(Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture))).Append("</TD>");
            return sb.Append("</TR>\n").ToString();
        }

        public static string Tail(string status = "OK") =>
            "</TABLEDATA></DATA>\n</TABLE>\n" + (status == "OK" ? "" : $"<INFO name=\"QUERY_STATUS\" value=\"{status}\"/>\n") + "</RESOURCE>\n</VOTABLE>\n";
    }
}
