using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// After a crash, the new instance's healing pass shows in its metrics as it shows in its log. It runs beside
/// the other tests: a daemon heals only binds of its own mount point's connections, so no other test's
/// daemon can heal this test's container first, nor this one theirs.
/// </summary>
public sealed partial class MetricsHealingTests
{
    private static readonly string[] s_bound = ["proc/meminfo", "proc/stat", "proc/uptime"];

    [Fact]
    public void A_heal_pass_after_kill_9_counts_the_container_s_re_bound_mounts()
    {
        using var first = DaemonProcess.Start();
        var ready = Path.Combine(first.WorkDir, "container-ready");
        var binds = string.Concat(s_bound.Select(f => $"mount --bind '{first.MountPoint}/{f}' '/{f}' || exit 97; "));
        using var container = Process.Start(new ProcessStartInfo("unshare", ["--pid", "--fork", "--mount", "--propagation", "private", "--mount-proc", "sh", "-c", $"{binds}touch '{ready}'; exec sleep 120"])
        {
            RedirectStandardError = true,
        })!;
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(ready))
            {
                container.HasExited.Should().BeFalse(container.HasExited ? container.StandardError.ReadToEnd() : "");
                clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
                Thread.Sleep(20);
            }

            first.KillHard();
            var address = $"127.0.0.1:{MetricsEndpointTests.FreePort()}";
            using var second = DaemonProcess.Start(mountPoint: first.MountPoint, workDir: Directory.CreateTempSubdirectory("lxcfs-test-").FullName, extraArgs: ["--metrics-address", address]);
            while (Summary().Match(second.Stderr) is { Success: false })
            {
                clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(40), second.Stderr);
                Thread.Sleep(20);
            }

            var summary = Summary().Match(second.Stderr);
            var scrape = MetricsScrape.From(address);

            scrape["lxcfs_heal_passes_total"].Should().Be(1);
            var rebound = int.Parse(summary.Groups["healed"].Value, CultureInfo.InvariantCulture);
            rebound.Should().BeGreaterThanOrEqualTo(s_bound.Length, "the container's three binds were dead (other tests' may be too)");
            scrape["lxcfs_heal_rebound_mounts_total"].Should().Be(rebound, "the metric says what the log says");
            scrape["lxcfs_heal_failed_mounts_total"].Should().Be(int.Parse(summary.Groups["failed"].Value, CultureInfo.InvariantCulture));
            scrape["lxcfs_handoffs_total{outcome=\"taken\"}"].Should().Be(0, "a fresh mount, not a take-over");
        }
        finally
        {
            container.Kill(entireProcessTree: true);
            container.WaitForExit(10_000);
        }
    }

    [GeneratedRegex(@"crash healing: (?<healed>\d+) mounts re-bound in \d+ containers, (?<failed>\d+) failed")]
    private static partial Regex Summary();
}
