using System.Net;
using System.Net.Sockets;
using Lxcfs.Daemon.Hosting;

namespace Lxcfs.Daemon.Metrics;

/// <summary>
/// The plain-HTTP endpoint: <c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c>. It runs on its own thread,
/// never on a FUSE reader, and serves one connection at a time (scrapes and probes are rare; each exchange
/// is bounded by <see cref="HttpExchange"/>). During an upgrade on a host network the predecessor holds the
/// port until it has handed its connection over, so binding is retried for <see cref="BindPatience"/>
/// instead of failing: the mount matters more than its metrics.
/// </summary>
public sealed class MetricsServer : IDisposable
{
    public static readonly TimeSpan BindPatience = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_retryInterval = TimeSpan.FromMilliseconds(100);

    private readonly IPEndPoint _address;
    private readonly Func<string, HttpAnswer?> _route;
    private readonly ManualResetEventSlim _stopping = new();
    private readonly Lock _lock = new();
    private readonly Thread _thread;
    private Socket? _listener;

    private MetricsServer(IPEndPoint address, Func<string, HttpAnswer?> route)
    {
        _address = address;
        _route = route;
        _thread = new Thread(Run) { IsBackground = true, Name = "metrics-http" };
    }

    /// <summary>Starts binding (with retries) and serving on a thread of its own.</summary>
    /// <param name="address">where to listen</param>
    /// <param name="metrics">what /metrics shows</param>
    /// <param name="healthy">why the daemon is not healthy (/healthz), or null when it is</param>
    /// <param name="ready">why it is not ready (/readyz), or null when it is</param>
    public static MetricsServer Start(IPEndPoint address, DaemonMetrics metrics, Func<string?> healthy, Func<string?> ready)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(healthy);
        ArgumentNullException.ThrowIfNull(ready);
        var server = new MetricsServer(address, path => path switch
        {
            "/metrics" => HttpAnswer.Ok(ExpositionWriter.ContentType, metrics.Scrape()),
            "/healthz" => Probe(healthy),
            "/readyz" => Probe(ready),
            _ => null,
        });
        server._thread.Start();
        return server;
    }

    /// <summary>Closes the listener (the port is free once this returns) and ends the thread.</summary>
    public void Dispose()
    {
        _stopping.Set();
        lock (_lock)
        {
            _listener?.Dispose();
            _listener = null;
        }

        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private static HttpAnswer Probe(Func<string?> check) =>
        check() is { } problem ? HttpAnswer.Text(503, "Service Unavailable", problem + "\n") : HttpAnswer.Text(200, "OK", "ok\n");

    private void Run()
    {
        if (Bind() is not { } listener)
        {
            return;
        }

        while (!_stopping.IsSet)
        {
            Socket client;
            try
            {
                client = listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!_stopping.IsSet)
                {
                    DaemonLog.Warn($"metrics: accepting failed ({e.Message}); no more metrics from this instance");
                }

                return;
            }

            using (client)
            {
                Serve(client);
            }
        }
    }

    private void Serve(Socket client)
    {
        try
        {
            HttpExchange.Serve(client, Answer);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // The client went away mid-exchange: nothing to answer.
        }
    }

    // An exception on this thread would end the process, and with it the mount of every container: a
    // failing scrape or probe costs that request a 500, nothing more.
    private HttpAnswer? Answer(string path)
    {
        try
        {
            return _route(path);
        }
#pragma warning disable CA1031 // see above
        catch (Exception e)
#pragma warning restore CA1031
        {
            DaemonLog.Warn($"metrics: answering {path} failed: {e.GetType().Name}: {e.Message}");
            return HttpAnswer.Text(500, "Internal Server Error", "see the daemon's log\n");
        }
    }

    private Socket? Bind()
    {
        var deadline = DateTime.UtcNow + BindPatience;
        var waited = false;
        while (true)
        {
            var socket = new Socket(_address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (_address.AddressFamily == AddressFamily.InterNetworkV6 && _address.Address.Equals(IPAddress.IPv6Any))
                {
                    socket.DualMode = true;
                }

                socket.Bind(_address);
                socket.Listen(16);
                lock (_lock)
                {
                    if (_stopping.IsSet)
                    {
                        socket.Dispose();
                        return null;
                    }

                    _listener = socket;
                }

                DaemonLog.Info($"metrics: serving http://{socket.LocalEndPoint}/metrics, /healthz and /readyz{(waited ? " (the port was busy until now)" : "")}");
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                if (!waited)
                {
                    DaemonLog.Info($"metrics: {_address} is in use (a predecessor handing over?); retrying for up to {BindPatience.TotalSeconds:F0} s");
                    waited = true;
                }

                if (_stopping.Wait(s_retryInterval))
                {
                    return null;
                }
            }
            catch (SocketException e)
            {
                socket.Dispose();
                DaemonLog.Error($"metrics: cannot listen on {_address} ({e.Message}); serving the mount without metrics");
                return null;
            }
        }
    }
}
