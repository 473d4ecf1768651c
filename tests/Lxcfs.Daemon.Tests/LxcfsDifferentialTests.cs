using System.Text.Json;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// This daemon and Debian's lxcfs 5.0.3 mounted side by side (both <c>--enable-cfs -l</c>), read by the
/// same process of the same container (real cgroups, a new pid namespace): every file must be equal after
/// the normalisation each file's comparison documents (time-varying values inside the bracket of two lxcfs
/// reads, plus a tolerance), except the rows of docs/deliberate-differences.md, each named where it is
/// allowed and its own claim checked.
/// </summary>
[Trait("Category", "Live")]
[Collection(LiveViewTests.Collection)]
public sealed partial class LxcfsDifferentialTests(LxcfsDifferentialTests.Mounts mounts) : IClassFixture<LxcfsDifferentialTests.Mounts>
{
    // Reads every file from lxcfs, from this daemon, then from lxcfs again, in one process.
    private const string ReaderScript = """
        import json, os, sys, time
        theirs, ours, files = sys.argv[1], sys.argv[2], sys.argv[3:]
        def read(path):
            with open(path, "rb") as f:
                return f.read().decode()
        def triple(f):
            first = read(theirs + "/" + f)
            before = time.monotonic()
            mine = read(ours + "/" + f)
            after = time.monotonic()
            return [first, mine, read(theirs + "/" + f), before, after]
        out = {f: triple(f) for f in files}
        print(json.dumps({"pid": os.getpid(), "files": out}))
        """;

    // The uptime first: the stat check needs the container's age.
    private static readonly string[] s_files =
    [
        "proc/uptime", "proc/meminfo", "proc/swaps", "proc/cpuinfo", "sys/devices/system/cpu/online", "proc/stat", "proc/loadavg", "proc/diskstats",
        "sys/devices/system/cpu/possible", "sys/devices/system/cpu/present", "sys/devices/system/cpu/offline",
    ];

    public static TheoryData<string> Shapes => new(ContainerShape.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_file_equals_lxcfs_5_0_3_except_the_documented_differences(string name)
    {
        var shape = ContainerShape.Named(name);
        Prerequisite.Require(TestCgroup.HostCpuCount >= 2, "at least 2 CPUs (a one-CPU host cannot tell a container's CPUs from its own)");
        Prerequisite.RequireExecutable("python3");
        using var cgroup = TestCgroup.Create();
        shape.Apply(cgroup);

        // sh stays the init (pid 1) because the reader is not its last command; the reader is pid 2.
        var run = ContainerShell.Run(cgroup, $"python3 {mounts.Reader} {mounts.Lxcfs.MountPoint} {mounts.Ours.MountPoint} {string.Join(' ', s_files)}; true");

        run.ExitCode.Should().Be(0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("pid").GetInt32().Should().Be(2);
        var readings = s_files.ToDictionary(f => f, f => ReadingOf(json.RootElement.GetProperty("files").GetProperty(f), f));
        var report = Compare(readings, shape);
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: allowed differences observed:\n  " + string.Join("\n  ", report.Allowed));
        report.Mismatches.Should().BeEmpty("every difference from lxcfs must be a row of docs/deliberate-differences.md");
    }

    [Fact]
    public void Every_file_this_daemon_serves_lxcfs_serves_too_and_lxcfs_adds_only_host_content()
    {
        var ours = Tree(mounts.Ours.MountPoint);
        var theirs = Tree(mounts.Lxcfs.MountPoint);

        // /proc/pressure is LXCFS 7.0's; 5.0.3 has none of it.
        ours.Where(p => !p.StartsWith("proc/pressure", StringComparison.Ordinal)).Should().BeSubsetOf(theirs);
        ours.Should().Contain(["proc/pressure", "proc/slabinfo"]);
        var lxcfsOnly = theirs.Except(ours).ToArray();
        ours.Should().Contain(["sys/devices/system/cpu/possible", "sys/devices/system/cpu/present", "sys/devices/system/cpu/offline"], "row 30: both serve them, lxcfs the host's");
        // Row 30: lxcfs 5.0.3's cgroupfs emulation and the host's other /sys/devices/system/cpu entries.
        lxcfsOnly.Should().Contain("cgroup").And.OnlyContain(p =>
            p == "cgroup" || (p.StartsWith("sys/devices/system/cpu/", StringComparison.Ordinal) && Path.Exists("/" + p)));
        TestContext.Current.TestOutputHelper?.WriteLine("row 30, served by lxcfs only: " + string.Join(' ', lxcfsOnly));
    }

    private static Report Compare(Dictionary<string, Reading> readings, ContainerShape shape)
    {
        var report = new Report();
        var age = CompareUptime(report, readings["proc/uptime"], shape);
        CompareMeminfo(report, readings["proc/meminfo"]);
        CompareSwaps(report, readings["proc/swaps"], readings["proc/meminfo"].Ours);
        CompareCpuinfo(report, readings["proc/cpuinfo"], shape);
        CompareOnline(report, readings["sys/devices/system/cpu/online"], shape);
        // The stat was rendered between these two container ages (from the reader's clock around both reads).
        var (uptime, stat) = (readings["proc/uptime"], readings["proc/stat"]);
        CompareStat(report, stat, shape, (age + stat.Before - uptime.After, age + stat.After - uptime.Before));
        CompareLoadavg(report, readings["proc/loadavg"], containerTasks: 2);
        CompareDiskstats(report, readings["proc/diskstats"]);
        foreach (var list in new[] { "possible", "present", "offline" })
        {
            CompareCpuList(report, readings["sys/devices/system/cpu/" + list], shape);
        }

        return report;
    }

    private static Reading ReadingOf(JsonElement triple, string file) =>
        new(file, triple[0].GetString()!, triple[1].GetString()!, triple[2].GetString()!, triple[3].GetDouble(), triple[4].GetDouble());

    // The top of the tree, /proc and /sys/devices/system/cpu (not the host's cpuN directories below it).
    private static string[] Tree(string root) =>
        [.. new[] { "", "proc", "sys/devices/system/cpu" }
            .SelectMany(dir => Directory.EnumerateFileSystemEntries(Path.Combine(root, dir)))
            .Select(p => p[(root.Length + 1)..]).Distinct().Order(StringComparer.Ordinal)];

    public sealed class Mounts : IDisposable
    {
        public Mounts()
        {
            Ours = DaemonProcess.Start(extraArgs: ["--enable-cfs", "-l"]);
            try
            {
                Lxcfs = new Lxcfs503();
                Reader = Path.Combine(Lxcfs.WorkDir, "reader.py");
                File.WriteAllText(Reader, ReaderScript);
            }
            catch
            {
                Ours.Dispose();
                throw;
            }
        }

        public DaemonProcess Ours { get; }

        public Lxcfs503 Lxcfs { get; }

        public string Reader { get; }

        public void Dispose()
        {
            Lxcfs.Dispose();
            Ours.Dispose();
        }
    }
}
