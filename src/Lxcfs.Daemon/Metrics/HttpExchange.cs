using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Lxcfs.Daemon.Metrics;

/// <summary>
/// One HTTP/1.1 exchange on an accepted connection, strictly bounded: a request head of at most
/// <see cref="MaxRequestBytes"/> read within <see cref="ReadTimeout"/>, only GET and HEAD, one request per
/// connection. Anything else gets its 4xx and the connection is closed. Bodies are never read.
/// </summary>
internal static class HttpExchange
{
    public const int MaxRequestBytes = 4096;

    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    private static readonly byte[] s_endOfHead = "\r\n\r\n"u8.ToArray();

    /// <summary>Reads the request, answers it through <paramref name="route"/> (path → answer, null: 404) and closes.</summary>
    public static void Serve(Socket client, Func<string, HttpAnswer?> route)
    {
        ArgumentNullException.ThrowIfNull(client);
        // A client that stops reading cannot hold the server longer than a slow request can.
        client.SendTimeout = (int)ReadTimeout.TotalMilliseconds;
        var buffer = new byte[MaxRequestBytes];
        var (length, problem) = ReadHead(client, buffer);
        var isHead = false;
        var answer = problem ?? Answer(buffer.AsSpan(0, length), route, out isHead);
        Send(client, answer, isHead);
    }

    /// <summary>The answer to a complete request head (ending with an empty line).</summary>
    public static HttpAnswer Answer(ReadOnlySpan<byte> head, Func<string, HttpAnswer?> route, out bool isHead)
    {
        ArgumentNullException.ThrowIfNull(route);
        isHead = false;
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = lineEnd < 0 ? [] : head[..lineEnd];
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || !line[(lastSpace + 1)..].StartsWith("HTTP/1."u8) || line[(lastSpace + 1)..].Length != 8)
        {
            return HttpAnswer.Text(400, "Bad Request", "a request line is METHOD /path HTTP/1.x\n");
        }

        var method = line[..firstSpace];
        var target = Encoding.ASCII.GetString(line[(firstSpace + 1)..lastSpace]);
        if (!target.StartsWith('/') || target.Contains(' ', StringComparison.Ordinal))
        {
            return HttpAnswer.Text(400, "Bad Request", "the target must be an absolute path\n");
        }

        isHead = method.SequenceEqual("HEAD"u8);
        if (!isHead && !method.SequenceEqual("GET"u8))
        {
            return HttpAnswer.Text(405, "Method Not Allowed", "only GET and HEAD\n");
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        return route(path) ?? HttpAnswer.Text(404, "Not Found", "try /metrics, /healthz or /readyz\n");
    }

    /// <summary>The head's length, or the answer to a request that is too large, too slow or cut short.</summary>
    private static (int Length, HttpAnswer? Problem) ReadHead(Socket client, byte[] buffer)
    {
        var clock = Stopwatch.StartNew();
        var length = 0;
        while (true)
        {
            var end = buffer.AsSpan(0, length).IndexOf(s_endOfHead);
            if (end >= 0)
            {
                return (end + s_endOfHead.Length, null);
            }

            if (length == buffer.Length)
            {
                return (0, HttpAnswer.Text(431, "Request Header Fields Too Large", $"a request head is at most {MaxRequestBytes} bytes\n"));
            }

            // One deadline for the whole head: a client trickling bytes cannot hold the server longer.
            var left = ReadTimeout - clock.Elapsed;
            if (left <= TimeSpan.Zero || !client.Poll(left, SelectMode.SelectRead))
            {
                return (0, HttpAnswer.Text(408, "Request Timeout", $"no complete request within {ReadTimeout.TotalSeconds:F0} s\n"));
            }

            var n = client.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (n == 0)
            {
                return (0, HttpAnswer.Text(400, "Bad Request", "the request ended before its empty line\n"));
            }

            length += n;
        }
    }

    private static void Send(Socket client, HttpAnswer answer, bool isHead)
    {
        client.Send(answer.Head());
        if (!isHead)
        {
            client.Send(answer.Body);
        }

        // Unread request bytes would make close() reset the connection, and the client could lose the
        // answer: say we are done, then drain briefly (bounded) before closing.
        client.Shutdown(SocketShutdown.Send);
        var sink = new byte[4096];
        var clock = Stopwatch.StartNew();
        for (var drained = 0; drained < 1 << 20 && clock.Elapsed < TimeSpan.FromMilliseconds(200) && client.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead);)
        {
            var n = client.Receive(sink);
            if (n <= 0)
            {
                break;
            }

            drained += n;
        }
    }
}
