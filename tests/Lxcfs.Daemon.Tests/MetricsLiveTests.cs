using System.Globalization;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// The published daemon with <c>--metrics-address</c>, read by real containers (own cgroups with limits, own
/// pid and mount namespaces): every open-and-read they make is counted once, under its file, as it happens.
/// </summary>
[Trait("Category", "Live")]
[Collection(LiveViewTests.Collection)]
public sealed class MetricsLiveTests
{
    // What each container reads (open, read to the end, close), and how often.
    private static readonly Dictionary<string, int> s_first = new()
    {
        ["proc/meminfo"] = 60,
        ["proc/stat"] = 40,
        ["proc/cpuinfo"] = 20,
        ["sys/devices/system/cpu/online"] = 30,
    };

    private static readonly Dictionary<string, int> s_second = new()
    {
        ["proc/meminfo"] = 45,
        ["proc/uptime"] = 50,
        ["proc/loadavg"] = 35,
        ["proc/slabinfo"] = 2,
    };

    // The second container's non-root opens of proc/slabinfo, refused with EACCES as the kernel's own file would be.
    private const int RefusedSlabinfo = 3;

    [Fact]
    public async Task Two_containers_reads_are_counted_exactly_per_file_while_they_read_and_after()
    {
        Prerequisite.RequireExecutable("setpriv");
        var address = $"127.0.0.1:{MetricsEndpointTests.FreePort()}";
        using var daemon = DaemonProcess.Start(extraArgs: ["--enable-cfs", "-l", "--metrics-address", address]);
        WaitFor(() => daemon.Stderr.Contains("crash healing:", StringComparison.Ordinal), "the start-up healing pass, whose probes open files");
        using var first = TestCgroup.Create();
        using var second = TestCgroup.Create();
        ContainerShape.Named("quota-0.5-on-container").Apply(first);
        ContainerShape.Named("quota-1.5-on-parent").Apply(second);
        var gate = Path.Combine(daemon.WorkDir, "release");
        var go = Path.Combine(daemon.WorkDir, "go");

        var runs = new[]
        {
            Task.Run(() => ContainerShell.Run(first, Script(daemon.MountPoint, s_first, refusedSlabinfo: 0, go, done: Path.Combine(daemon.WorkDir, "done-1"), gate))),
            Task.Run(() => ContainerShell.Run(second, Script(daemon.MountPoint, s_second, RefusedSlabinfo, go, done: Path.Combine(daemon.WorkDir, "done-2"), gate))),
        };
        // Both containers are up and waiting: the first scrape (which sets up the HTTP client) is out of the way before they read.
        var before = MetricsScrape.From(address);
        File.WriteAllText(go, "");
        var during = new List<MetricsScrape>();
        while (!File.Exists(Path.Combine(daemon.WorkDir, "done-1")) || !File.Exists(Path.Combine(daemon.WorkDir, "done-2")))
        {
            if (runs.FirstOrDefault(r => r.IsCompleted) is { } ended)
            {
                var early = await ended;
                Assert.Fail($"a container ended (exit {early.ExitCode}) before its reads were done: {early.Stdout}{early.Stderr}");
            }

            during.Add(MetricsScrape.From(address));
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        var bothAlive = MetricsScrape.From(address);
        File.WriteAllText(gate, "");
        foreach (var result in await Task.WhenAll(runs))
        {
            result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        }

        var after = MetricsScrape.From(address);

        var expected = s_first.Concat(s_second).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        foreach (var file in ContainerShell.BoundFiles.Append("proc/slabinfo"))
        {
            var reads = expected.GetValueOrDefault(file);
            (after.Reads(file) - before.Reads(file)).Should().Be(reads, $"the containers opened, read and closed {file} {reads} times");
            (after.HistogramCount(file) - before.HistogramCount(file)).Should().Be(reads, $"each read of {file} is timed once");
            var buckets = after.Buckets(file);
            buckets.Select(b => b.Count).Should().BeInAscendingOrder("buckets are cumulative");
            buckets[^1].Should().Be(("+Inf", after.HistogramCount(file)));
        }

        (after.Errors("proc/slabinfo") - before.Errors("proc/slabinfo")).Should().Be(RefusedSlabinfo, "a non-root open of slabinfo is refused with EACCES");
        ContainerShell.BoundFiles.Sum(f => after.Errors(f) - before.Errors(f)).Should().Be(0);

        var scrapes = new[] { before }.Concat(during).Append(bothAlive).Append(after).ToList();
        var allReads = during.Select(s => expected.Keys.Sum(s.Reads)).ToList();
        allReads.Should().Contain(n => n > expected.Keys.Sum(before.Reads) && n < expected.Keys.Sum(after.Reads), "some scrape ran while the containers were reading");
        foreach (var sample in after.Samples.Keys.Where(k => k.Contains("_total", StringComparison.Ordinal) || k.Contains("_bucket", StringComparison.Ordinal) || k.Contains("_count", StringComparison.Ordinal)))
        {
            scrapes.Select(s => s[sample]).Should().BeInAscendingOrder($"{sample} is a counter");
        }

        bothAlive["lxcfs_containers"].Should().BeGreaterThanOrEqualTo(2, "both containers are alive and have read");
        var containerReads = expected.Values.Sum();
        var lookups = (after["lxcfs_container_cache_hits_total"] - before["lxcfs_container_cache_hits_total"])
            + (after["lxcfs_container_cache_misses_total"] - before["lxcfs_container_cache_misses_total"]);
        lookups.Should().Be(containerReads, "every read a container made looked its caller up once");
        (after["lxcfs_container_cache_misses_total"] - before["lxcfs_container_cache_misses_total"]).Should().BeInRange(2, 4, "each container is looked up afresh once (a tool's own pid namespace is the container's)");
        after["lxcfs_host_fallbacks_total"].Should().Be(0);
        (after["lxcfs_reader_turns_total{reason=\"yielded\"}"] - before["lxcfs_reader_turns_total{reason=\"yielded\"}"]).Should().BeGreaterThanOrEqualTo(2,
            "the reader that found each new container gave the turn to wait for requests up first");
        after["lxcfs_reader_turns_total{reason=\"stalled\"}"].Should().Be(0, "no request stayed 100 ms in the daemon");
    }

    /// <summary>
    /// A wait (bounded) for the test's start signal, each file read <c>n</c> times with cat (one open, reads
    /// to the end, one close), the refused opens, then a mark that the reads are done, and a wait (bounded)
    /// for the test's go-ahead to exit, so both containers are alive at one scrape.
    /// </summary>
    private static string Script(string mnt, Dictionary<string, int> reads, int refusedSlabinfo, string go, string done, string gate)
    {
        var script = $"mount --bind '{mnt}/proc/slabinfo' /proc/slabinfo || exit 97\n"
            + $"i=0; while [ ! -e '{go}' ] && [ $i -lt 600 ]; do sleep 0.02; i=$((i+1)); done\n";
        foreach (var (file, n) in reads)
        {
            script += $"i=0; while [ $i -lt {n} ]; do cat '{mnt}/{file}' > /dev/null || exit 9; i=$((i+1)); done\n";
        }

        for (var i = 0; i < refusedSlabinfo; i++)
        {
            script += "if setpriv --reuid=65534 --regid=65534 --clear-groups cat /proc/slabinfo > /dev/null 2>&1; then exit 8; fi\n";
        }

        return script + $"touch '{done}'; i=0; while [ ! -e '{gate}' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\n";
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), $"waiting for {what}");
            Thread.Sleep(20);
        }
    }
}
