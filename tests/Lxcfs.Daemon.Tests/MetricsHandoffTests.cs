using System.Net.Http;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// On a host network (systemd, Docker) an upgrade runs predecessor and successor on one port: the
/// predecessor closes its listener as it hands off, and the successor binds it once free.
/// </summary>
public sealed class MetricsHandoffTests
{
    [Fact]
    public async Task A_successor_serves_metrics_on_the_port_its_predecessor_held_and_counts_the_take_over()
    {
        var address = $"127.0.0.1:{MetricsEndpointTests.FreePort()}";
        using var first = DaemonProcess.Start(extraArgs: ["--metrics-address", address, "--after-handoff", "wait"]);
        var mine = await Eventually(address, s => s["lxcfs_handoffs_total{outcome=\"taken\"}"] == 0);

        using var second = DaemonProcess.Start(mountPoint: first.MountPoint, workDir: first.WorkDir, extraArgs: ["--metrics-address", address]);

        second.Stderr.Should().Contain("took the live connection over");
        var theirs = await Eventually(address, s => s["lxcfs_handoffs_total{outcome=\"taken\"}"] == 1);
        first.HasExited.Should().BeFalse("with --after-handoff wait the predecessor idles on, without its listener");
        theirs["process_start_time_seconds"].Should().BeGreaterThan(mine["process_start_time_seconds"]);
        second.Stderr.Should().Contain($"metrics: serving http://{address}/metrics");
        using var http = new HttpClient();
        (await http.GetStringAsync(new Uri($"http://{address}/readyz"), TestContext.Current.CancellationToken)).Should().Be("ok\n");
        (await http.GetStringAsync(new Uri($"http://{address}/healthz"), TestContext.Current.CancellationToken)).Should().Be("ok\n");
        first.Terminate().Should().Be(0);
        second.Terminate().Should().Be(0);
    }

    /// <summary>The first scrape that satisfies <paramref name="condition"/>, within 10 s (the successor binds once the port is free).</summary>
    private static async Task<MetricsScrape> Eventually(string address, Func<MetricsScrape, bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string last = "no answer";
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                var scrape = MetricsScrape.From(address);
                if (condition(scrape))
                {
                    return scrape;
                }

                last = scrape.Text;
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"no scrape of {address} as expected within 10 s; the last: {last}");
    }
}
