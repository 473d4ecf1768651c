using System.Net;
using System.Net.Sockets;
using System.Text;
using Lxcfs.Daemon.Metrics;

namespace Lxcfs.Daemon.Tests;

/// <summary>The hand-written HTTP responder: GET and HEAD of three paths, everything else refused, all of it bounded.</summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private readonly IPEndPoint _address = new(IPAddress.Loopback, FreePort());
    private readonly MetricsServer _server;
    private string? _unhealthy;
    private string? _unready = "handing over";
    private bool _healthCheckThrows;

    public MetricsEndpointTests()
    {
        _server = MetricsServer.Start(_address, new DaemonMetrics(), () => _healthCheckThrows ? throw new InvalidOperationException("a bug") : _unhealthy, () => _unready);
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public void Get_metrics_answers_200_in_the_text_exposition_format_and_closes()
    {
        var response = Exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");

        response.Should().StartWith("HTTP/1.1 200 OK\r\n")
            .And.Contain("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n")
            .And.Contain("\r\nConnection: close\r\n")
            .And.Contain("\r\n\r\n# HELP lxcfs_reads_total ");
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        response.Should().Contain($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n");
    }

    [Fact]
    public void Head_answers_the_same_headers_without_a_body()
    {
        var response = Exchange("HEAD /healthz HTTP/1.0\r\n\r\n");

        response.Should().Be("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\nConnection: close\r\n\r\n");
    }

    [Fact]
    public void Healthz_and_readyz_answer_503_with_the_reason_when_it_is_not_so()
    {
        Exchange("GET /readyz HTTP/1.1\r\n\r\n").Should().StartWith("HTTP/1.1 503 Service Unavailable\r\n").And.EndWith("\r\n\r\nhanding over\n");
        _unready = null;
        _unhealthy = "the FUSE connection ended (unmounted)";

        Exchange("GET /readyz?verbose HTTP/1.1\r\n\r\n").Should().StartWith("HTTP/1.1 200 OK\r\n").And.EndWith("\r\n\r\nok\n");
        Exchange("GET /healthz HTTP/1.1\r\n\r\n").Should().StartWith("HTTP/1.1 503 ").And.EndWith("\r\n\r\nthe FUSE connection ended (unmounted)\n");
    }

    [Theory]
    [InlineData("POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 405 Method Not Allowed\r\n")]
    [InlineData("DELETE /healthz HTTP/1.1\r\n\r\n", "HTTP/1.1 405 Method Not Allowed\r\n")]
    [InlineData("GET /metrics/ HTTP/1.1\r\n\r\n", "HTTP/1.1 404 Not Found\r\n")]
    [InlineData("GET /../metrics HTTP/1.1\r\n\r\n", "HTTP/1.1 404 Not Found\r\n")]
    [InlineData("GET metrics HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("GET /metrics\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("GET /metrics HTTP/2.0\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
    public void Other_methods_paths_and_malformed_request_lines_are_refused(string request, string statusLine)
    {
        var response = Exchange(request);

        response.Should().StartWith(statusLine).And.Contain("\r\nConnection: close\r\n");
        if (statusLine.Contains("405", StringComparison.Ordinal))
        {
            response.Should().Contain("\r\nAllow: GET, HEAD\r\n");
        }
    }

    [Fact]
    public void A_failing_answer_is_a_500_and_the_server_serves_on()
    {
        _healthCheckThrows = true;

        Exchange("GET /healthz HTTP/1.1\r\n\r\n").Should().StartWith("HTTP/1.1 500 Internal Server Error\r\n");
        Exchange("GET /readyz HTTP/1.1\r\n\r\n").Should().StartWith("HTTP/1.1 503 ");
    }

    [Fact]
    public void A_request_head_over_4_KiB_is_refused_with_431()
    {
        var response = Exchange("GET /metrics HTTP/1.1\r\nX-Padding: " + new string('a', 8192) + "\r\n\r\n");

        response.Should().StartWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    }

    [Fact]
    public void A_client_that_never_finishes_its_request_is_answered_408_after_the_read_timeout_and_does_not_block_the_next()
    {
        using var slow = Connect();
        slow.Send("GET /metrics HTTP/1.1\r\n"u8.ToArray());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var response = ReadToEnd(slow);

        clock.Elapsed.Should().BeGreaterThan(HttpExchange.ReadTimeout - TimeSpan.FromMilliseconds(100)).And.BeLessThan(HttpExchange.ReadTimeout + TimeSpan.FromSeconds(2));
        response.Should().StartWith("HTTP/1.1 408 Request Timeout\r\n");
        Exchange("GET /healthz HTTP/1.1\r\n\r\n").Should().StartWith("HTTP/1.1 200 OK\r\n");
    }

    [Fact]
    public void Disposing_frees_the_port_at_once()
    {
        _server.Dispose();

        using var successor = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var bind = () => successor.Bind(_address);
        bind.Should().NotThrow("a successor on the same host network binds the port as soon as the predecessor lets go");
    }

    /// <summary>A port free now: bound to 0, then released.</summary>
    internal static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private string Exchange(string request)
    {
        using var client = Connect();
        client.Send(Encoding.ASCII.GetBytes(request));
        return ReadToEnd(client);
    }

    private Socket Connect()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                client.Connect(_address);
                return client;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                Thread.Sleep(20); // the server thread binds just after Start returns
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
    }

    private static string ReadToEnd(Socket client)
    {
        var bytes = new List<byte>();
        var buffer = new byte[8192];
        int n;
        while ((n = client.Receive(buffer)) > 0)
        {
            bytes.AddRange(buffer.AsSpan(0, n));
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
