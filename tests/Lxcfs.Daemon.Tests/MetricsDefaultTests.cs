using System.Globalization;

namespace Lxcfs.Daemon.Tests;

/// <summary>The plain binary behaves like lxcfs, which listens on no network port.</summary>
public sealed class MetricsDefaultTests
{
    [Fact]
    public void Without_metrics_address_the_daemon_listens_on_no_tcp_port()
    {
        using var plain = DaemonProcess.Start();
        var address = $"127.0.0.1:{MetricsEndpointTests.FreePort()}";
        using var metered = DaemonProcess.Start(extraArgs: ["--metrics-address", address]);
        WaitFor(() => metered.Stderr.Contains("metrics: serving", StringComparison.Ordinal));

        TcpListeners(plain.Pid).Should().BeEmpty();
        plain.Stderr.Should().NotContain("metrics");
        TcpListeners(metered.Pid).Should().Equal(address);
    }

    /// <summary>The TCP sockets the process holds in LISTEN state, as address:port.</summary>
    private static List<string> TcpListeners(int pid)
    {
        var inodes = Directory.GetFiles($"/proc/{pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget ?? "")
            .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target["socket:[".Length..^1])
            .ToHashSet();
        var listeners = new List<string>();
        foreach (var table in new[] { $"/proc/{pid}/net/tcp", $"/proc/{pid}/net/tcp6" })
        {
            // sl local_address rem_address st ... inode: state 0A is LISTEN; the address is hex, the IPv4 one little-endian.
            foreach (var fields in File.ReadAllLines(table).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                if (fields[3] == "0A" && inodes.Contains(fields[9]))
                {
                    var (ip, port) = (fields[1].Split(':')[0], int.Parse(fields[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    listeners.Add(ip.Length == 8
                        ? $"{string.Join('.', Convert.FromHexString(ip).Reverse())}:{port}"
                        : $"[{ip}]:{port}");
                }
            }
        }

        return listeners;
    }

    private static void WaitFor(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
            Thread.Sleep(20);
        }
    }
}
