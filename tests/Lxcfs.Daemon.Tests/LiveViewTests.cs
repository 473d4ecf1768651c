using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// Real cgroups, a real pid namespace and a real daemon mount (<c>--enable-cfs -l</c>) on this cgroup v1
/// host: a fresh container reads the mount, then ordinary tools run inside it with the mount's files
/// bound over /proc and /sys, and they must all report the container's memory, CPUs, age and load.
/// </summary>
[Trait("Category", "Live")]
[Collection(Collection)]
public sealed partial class LiveViewTests(LiveViewTests.Mounted mounted) : IClassFixture<LiveViewTests.Mounted>
{
    /// <summary>Container tests run one at a time: their ages and CPU times are measured, and 2 cores are little.</summary>
    public const string Collection = "live containers";

    private readonly string _mnt = mounted.Daemon.MountPoint;

    public static TheoryData<string> Shapes => new(ContainerShape.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_fresh_pid_namespace_init_reads_its_memory_limit_cpus_and_age_through_the_mount(string name)
    {
        var shape = ContainerShape.Named(name);
        Prerequisite.Require(TestCgroup.HostCpuCount >= 2, "at least 2 CPUs (a one-CPU host cannot tell a container's CPUs from its own)");
        using var cgroup = TestCgroup.Create();
        shape.Apply(cgroup);
        var script = ContainerShell.Section("uptime", $"cat {_mnt}/proc/uptime")
            + ContainerShell.Section("pid", "echo $$")
            + ContainerShell.Section("meminfo", $"head -n 1 {_mnt}/proc/meminfo")
            + ContainerShell.Section("cpuinfo", $"grep ^processor {_mnt}/proc/cpuinfo")
            + ContainerShell.Section("online", $"cat {_mnt}/sys/devices/system/cpu/online")
            + ContainerShell.Section("stat", $"grep ^cpu {_mnt}/proc/stat | cut -d' ' -f1");
        var clock = Stopwatch.StartNew();

        var run = ContainerShell.Run(cgroup, script);

        var elapsed = clock.Elapsed.TotalSeconds;
        run.ExitCode.Should().Be(0, run.Stderr);
        var shown = ContainerShell.Sections(run.Stdout);
        shown["pid"].Should().Be("1\n", "the script is the init of its pid namespace");
        shown["meminfo"].Should().Be(ContainerShape.MemTotalLine + "\n", "the parent's limit binds the unlimited container");
        shown["cpuinfo"].Should().Be(string.Concat(shape.ExpectedIds.Select(i => $"processor\t: {i}\n")));
        shown["online"].Should().Be(shape.ExpectedOnline);
        shown["stat"].Should().Be("cpu\n" + string.Concat(shape.ExpectedIds.Select(i => $"cpu{i}\n")));
        var uptime = shown["uptime"].Split(' ').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        uptime[0].Should().BeLessThanOrEqualTo(elapsed + 0.03, "the init was started by this test (start times have 10 ms resolution)")
            .And.BeLessThan(3, "a fresh init is seconds old, not the host's age");
        uptime[1].Should().BeLessThanOrEqualTo((shape.ExpectedCpus * uptime[0]) + 0.01, "idle is at most visible CPUs × age");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Tools_inside_the_container_with_the_files_bound_over_proc_and_sys_print_its_numbers(string name)
    {
        var shape = ContainerShape.Named(name);
        Prerequisite.Require(TestCgroup.HostCpuCount >= 2, "at least 2 CPUs (a one-CPU host cannot tell a container's CPUs from its own)");
        foreach (var tool in new[] { "python3", "free", "top", "uptime", "getconf", "lscpu", "taskset", "node" })
        {
            Prerequisite.RequireExecutable(tool);
        }

        using var cgroup = TestCgroup.Create();
        shape.Apply(cgroup);
        var script = ContainerShell.BindOverProcAndSys(_mnt)
            + ContainerShell.Section("uptime", "uptime")
            + ContainerShell.Section("python", "python3 -c 'import os; print(os.cpu_count())'")
            + ContainerShell.Section("getconf", "getconf _NPROCESSORS_ONLN")
            + ContainerShell.Section("conf", "getconf _NPROCESSORS_CONF")
            + ContainerShell.Section("lscpu", "lscpu | sed -n 's/^CPU(s): *//p; s/^On-line CPU(s) list: *//p; s/^Off-line.*/offline listed/p'")
            + ContainerShell.Section("node", "node -e 'console.log(require(\"os\").cpus().length)'")
            + ContainerShell.Section("taskset", "taskset -c \"$(cat /sys/devices/system/cpu/online)\" echo runs")
            + ContainerShell.Section("free", "free -b")
            + ContainerShell.Section("top", "top -bn1 | head -n 4")
            + ContainerShell.Section("swap", "grep ^SwapTotal: /proc/meminfo");

        var run = ContainerShell.Run(cgroup, script);

        run.ExitCode.Should().Be(0, run.Stderr);
        var shown = ContainerShell.Sections(run.Stdout);
        var cpus = shape.ExpectedCpus.ToString(CultureInfo.InvariantCulture) + "\n";
        shown["python"].Should().Be(cpus, "os.cpu_count() counts /sys/devices/system/cpu/online");
        shown["getconf"].Should().Be(cpus, "glibc's _NPROCESSORS_ONLN reads /sys/devices/system/cpu/online");
        shown["conf"].Should().Be(cpus, "glibc's _NPROCESSORS_CONF reads /sys/devices/system/cpu/possible");
        shown["lscpu"].Should().Be(cpus + string.Join(',', shape.ExpectedIds) + "\n", "lscpu counts present, lists online as CPU ids, and sees no CPU off-line");
        shown["node"].Should().Be(cpus, "Node's os.cpus() counts the cpuN lines of /proc/stat");
        shown["taskset"].Should().Be("runs\n", "the ids in online are CPUs the container may run on");
        shown["uptime"].Should().MatchRegex(UptimeLine().ToString(), "a container started a moment ago, with its own (zero) load");
        var top = shown["top"].Split('\n');
        top[0].Should().MatchRegex("^top - " + UptimeLine().ToString()[2..]);
        top.Should().ContainSingle(l => l.StartsWith("MiB Mem :    256.0 total,", StringComparison.Ordinal), shown["top"]);
        AssertFree(shown["free"], shown["swap"]);
    }

    private static void AssertFree(string free, string swapTotalLine)
    {
        var lines = free.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3, free);
        var mem = Numbers(lines[1], "Mem:");
        mem[0].Should().Be(ContainerShape.MemoryLimit, free);
        mem.Skip(1).Should().OnlyContain(v => v <= ContainerShape.MemoryLimit, "every column is a part of the container's memory:\n" + free);
        var swapKb = long.Parse(swapTotalLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        Numbers(lines[2], "Swap:")[0].Should().Be(swapKb * 1024, free);
    }

    private static long[] Numbers(string line, string label)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        fields[0].Should().Be(label);
        return [.. fields.Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture))];
    }

    // `uptime` and top's first line, for a container well under a minute old whose load is its own: zero at
    // the first read, at most one 5-second step of a handful of runnable tasks afterwards.
    [GeneratedRegex(@"^ \d\d:\d\d:\d\d up 0 min, +\d+ users?, +load average: 0\.[0-2]\d, 0\.0\d, 0\.0\d\n?$")]
    private static partial Regex UptimeLine();

    public sealed class Mounted : IDisposable
    {
        public Mounted() => Daemon = DaemonProcess.Start(extraArgs: ["--enable-cfs", "-l"]);

        public DaemonProcess Daemon { get; }

        public void Dispose() => Daemon.Dispose();
    }
}
