using System.Globalization;
using System.Text.RegularExpressions;

namespace Lxcfs.Containers.Tests;

/// <summary>
/// What real tools print inside real containers (podman + runc) that bind the daemon's files, with
/// memory and CPU limits set by podman. Host procps and python3 run in the container from the host's
/// <c>/usr</c>, bound read-only.
/// </summary>
public sealed partial class ContainerViewTests(SharedDaemon daemon) : IClassFixture<SharedDaemon>
{
    [Fact]
    public void Meminfo_total_is_the_memory_limit()
    {
        var output = Run(["--memory", "256m"], "head -n 1000 /proc/meminfo");

        output.Should().MatchRegex(@"(?m)^MemTotal: +262144 kB$");
    }

    [Fact]
    public void Busybox_cat_gets_the_whole_file_although_it_copies_with_sendfile()
    {
        // busybox cat splices the file to stdout (sendfile) rather than read(2)ing it.
        var output = Run(["--memory", "256m"], "cat /proc/meminfo; echo; cat /proc/uptime");

        output.Should().MatchRegex(@"(?m)^MemTotal: +\d+ kB$").And.MatchRegex(@"(?m)^\d+\.\d\d \d+\.\d\d$");
    }

    [Fact]
    public void Procps_free_reports_the_memory_limit()
    {
        var output = Run(["--memory", "256m", "-v", "/usr:/usr:ro"], "/usr/bin/free -m");

        MemRow().Match(output).Groups["total"].Value.Should().Be("256", output);
    }

    [Fact]
    public void Procps_top_reports_the_memory_limit()
    {
        var output = Run(["--memory", "256m", "-v", "/usr:/usr:ro", "-e", "TERM=dumb"], "/usr/bin/top -bn1 | head -n 5");

        output.Should().MatchRegex(@"(?m)^MiB Mem : +256\.0 total,");
    }

    [Fact]
    public void Cpuinfo_lists_as_many_processors_as_the_cfs_quota_allows()
    {
        var output = Run(["--cpus", "1"], "grep -c ^processor /proc/cpuinfo");

        output.Trim().Should().Be("1");
    }

    [Fact]
    public void Cpuinfo_stat_and_online_name_the_cpuset_by_its_own_ids_which_taskset_accepts()
    {
        var output = Run(["--cpuset-cpus", "1", "-v", "/usr:/usr:ro"],
            "grep ^processor /proc/cpuinfo | tr -d ' \\t'; grep -o '^cpu[0-9]*' /proc/stat; head -n 1 /sys/devices/system/cpu/online; "
            + "/usr/bin/taskset -c \"$(cat /sys/devices/system/cpu/online)\" echo runs");

        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("processor:1", "cpu", "cpu1", "1", "runs");
    }

    [Fact]
    public void Python_cpu_count_reads_online_and_honours_the_cfs_quota()
    {
        var output = Run(["--cpus", "1", "-v", "/usr:/usr:ro"], "/usr/bin/python3 -c 'import os; print(os.cpu_count())'");

        output.Trim().Should().Be("1");
    }

    [Fact]
    public void Nproc_follows_the_cpu_affinity_only_so_the_quota_does_not_change_it()
    {
        // nproc asks sched_getaffinity, which no file can change: the cpuset counts, the quota does not.
        var output = Run(["--cpus", "1", "-v", "/usr:/usr:ro"], "/usr/bin/nproc");
        var pinned = Run(["--cpuset-cpus", "1", "-v", "/usr:/usr:ro"], "/usr/bin/nproc");

        output.Trim().Should().Be(Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));
        pinned.Trim().Should().Be("1");
    }

    [Fact]
    public void Uptime_counts_from_the_container_start()
    {
        // procps uptime reads /proc/uptime; busybox uptime asks sysinfo(2), which no file can change.
        var output = Run(["-v", "/usr:/usr:ro"], "head -n 1 /proc/uptime; /usr/bin/uptime");
        var host = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2, output);
        var seconds = double.Parse(lines[0].Split(' ')[0], CultureInfo.InvariantCulture);
        host.Should().BeGreaterThan(120, "the comparison needs a host that has been up for a while");
        seconds.Should().BeLessThan(60);
        lines[1].Should().MatchRegex(@"up +0 min");
    }

    private string Run(IEnumerable<string> limits, string script)
    {
        var mountPoint = daemon.MountPoint;
        var result = Podman.RunOnce([.. limits, .. Podman.LxcfsVolumes(mountPoint)], script);
        result.ExitCode.Should().Be(0, result.Stderr);
        return result.Stdout;
    }

    [GeneratedRegex(@"(?m)^Mem: +(?<total>\d+) ")]
    private static partial Regex MemRow();
}
