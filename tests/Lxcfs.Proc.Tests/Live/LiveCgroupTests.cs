using System.Globalization;
using Lxcfs.Proc.Tests.Fixtures;
using Lxcfs.Proc.Views;
using Lxcfs.Testing;

namespace Lxcfs.Proc.Tests.Live;

/// <summary>
/// Real cgroups and a real pid namespace on this cgroup v1 host (root), rendered without FUSE:
/// 256 MiB on the parent cgroup and none on the container's, CFS quotas of 0.5 and 1.5 CPUs.
/// </summary>
[Trait("Category", "Live")]
public sealed class LiveCgroupTests
{
    private const string MemTotal256MiB = "MemTotal:         262144 kB";

    [Theory]
    [InlineData(50_000, "container", 1)]
    [InlineData(150_000, "parent", 2)]
    public void PidNamespaceInit_AndItsChild_SeeTheParentMemoryLimit_AndTheQuotaCpuCount(int quotaMicroseconds, string quotaOn, int expectedCpus)
    {
        RequireLiveHost();
        var hostCpus = File.ReadAllText("/proc/cpuinfo").Split('\n').Count(l => l.StartsWith("processor", StringComparison.Ordinal));
        Prerequisite.Require(hostCpus >= expectedCpus, $"at least {expectedCpus} CPUs");
        using var container = new LiveContainer(LiveContainer.NewPrefix());
        LiveContainer.Set("memory", container.Prefix, "memory.limit_in_bytes", "268435456");
        var quotaCgroup = quotaOn == "parent" ? container.Prefix : container.Prefix + "/ct";
        LiveContainer.Set("cpu", quotaCgroup, "cpu.cfs_period_us", "100000");
        LiveContainer.Set("cpu", quotaCgroup, "cpu.cfs_quota_us", quotaMicroseconds.ToString(CultureInfo.InvariantCulture));
        var sinceStart = System.Diagnostics.Stopwatch.StartNew();
        container.Start();
        var source = new ContainerViewSource(new ViewOptions(EnableCfs: true));

        var uptime = double.Parse(source.Read(ViewFile.ProcUptime, container.ChildPid).Split(' ')[0], CultureInfo.InvariantCulture);
        var elapsed = sinceStart.Elapsed.TotalSeconds;
        foreach (var pid in new[] { container.InitPid, container.ChildPid })
        {
            source.Read(ViewFile.ProcMeminfo, pid).Split('\n')[0].Should().Be(MemTotal256MiB);
            source.Read(ViewFile.SysCpuOnline, pid).Should().Be(expectedCpus == 1 ? "0\n" : $"0-{expectedCpus - 1}\n");
            Lines(source.Read(ViewFile.ProcCpuinfo, pid), "processor").Should().Equal(
                Enumerable.Range(0, expectedCpus).Select(i => $"processor\t: {i}"));
            var cpuLines = Lines(source.Read(ViewFile.ProcStat, pid), "cpu");
            cpuLines.Select(l => l.Split(' ')[0]).Should().Equal(new[] { "cpu" }.Concat(Enumerable.Range(0, expectedCpus).Select(i => $"cpu{i}")));
        }

        // Start times have 10 ms resolution and uptime is printed with two decimals.
        uptime.Should().BeInRange(0, elapsed + 0.03, "the init was started when the test launched it");
        source.FallbackCount.Should().Be(0);
    }

    [Fact]
    public void ChangedQuota_IsShownWithinASecond_WhileLiveCountersStayFreshOnEveryRead()
    {
        RequireLiveHost();
        var hostCpus = File.ReadAllText("/proc/cpuinfo").Split('\n').Count(l => l.StartsWith("processor", StringComparison.Ordinal));
        Prerequisite.Require(hostCpus >= 2, "at least 2 CPUs");
        using var container = new LiveContainer(LiveContainer.NewPrefix());
        LiveContainer.Set("cpu", container.Prefix, "cpu.cfs_period_us", "100000");
        LiveContainer.Set("cpu", container.Prefix, "cpu.cfs_quota_us", "200000");
        container.Start("while :; do :; done & sleep 60 & wait");
        var source = new ContainerViewSource(new ViewOptions(EnableCfs: true));
        source.Read(ViewFile.SysCpuOnline, container.InitPid).Should().Be("0-1\n");
        var busyBefore = IdleAndBusy(source, container.InitPid).Busy;

        LiveContainer.Set("cpu", container.Prefix, "cpu.cfs_quota_us", "100000");
        Thread.Sleep(200);
        var busyAfter = IdleAndBusy(source, container.InitPid).Busy;
        Thread.Sleep(1100);

        busyAfter.Should().BeGreaterThan(busyBefore, "CPU usage is read afresh on every read, whatever is cached");
        source.Read(ViewFile.SysCpuOnline, container.InitPid).Should().Be("0\n", "limits are re-read with the cgroup paths, at most a second apart");
        Lines(source.Read(ViewFile.ProcCpuinfo, container.InitPid), "processor").Should().Equal("processor\t: 0");
        source.FallbackCount.Should().Be(0);
    }

    [Fact]
    public void ProcessExecdIntoThePidNamespace_IsServedTheInitsCgroups_NotItsOwn()
    {
        RequireLiveHost();
        Prerequisite.RequireExecutable("nsenter");
        using var container = new LiveContainer(LiveContainer.NewPrefix());
        LiveContainer.Set("memory", container.Prefix, "memory.limit_in_bytes", "268435456");
        container.Start();
        var execd = container.Exec();
        File.ReadAllText($"/proc/{execd}/cgroup").Should().NotContain(container.Prefix, "nsenter leaves it in the test's own cgroups");

        var source = new ContainerViewSource(new ViewOptions());

        source.Read(ViewFile.ProcMeminfo, execd).Split('\n')[0].Should().Be(MemTotal256MiB);
        source.Containers.ScanCount.Should().Be(1, "its parent chain leaves the namespace, so the init is found by scanning NSpid");
    }

    [Fact]
    public void HostNamespaceProcessInALimitedCgroup_UsesItsOwnCgroup_AndTheHostUptime()
    {
        RequireLiveHost();
        using var container = new LiveContainer(LiveContainer.NewPrefix());
        LiveContainer.Set("memory", container.Prefix, "memory.limit_in_bytes", "268435456");
        var pid = container.StartHostProcess();
        var source = new ContainerViewSource(new ViewOptions());

        source.Read(ViewFile.ProcMeminfo, pid).Split('\n')[0].Should().Be(MemTotal256MiB);
        var shown = double.Parse(source.Read(ViewFile.ProcUptime, pid).Split(' ')[0], CultureInfo.InvariantCulture);
        var host = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
        shown.Should().BeApproximately(host, 1.0);
    }

    [Fact]
    public async Task Loadavg_CountsOnlyTheContainersTasks_NumberedAsTheContainerSeesThem_AndDecaysLikeTheKernel()
    {
        RequireLiveHost();
        using var container = new LiveContainer(LiveContainer.NewPrefix());
        // init sh (pid 1, sleeping), yes (pid 2, always runnable), sleep (pid 3); unshare itself stays in the
        // cgroup but outside the namespace, so it must not count.
        container.Start("yes > /dev/null & sleep 60 & wait", children: 2);
        container.WaitForChildCommands("yes", "sleep");
        // The census is taken once, at the first read, and shown until the next sample: it must find the
        // init and sleep asleep already, or its running count is that instant's, for good.
        WaitUntilSleeping(container.InitPid);
        WaitUntilSleeping(ChildNamed(container.InitPid, "sleep"));
        const string Sampled = "0.08 0.02 0.01 1/3 3\n";
        var afterSample = "";

        // A sample's census is that instant's and stays until the next one, so Settled cannot wait it out:
        // on a busy machine it may catch yes in uninterruptible sleep for a moment (counted active, not
        // running: "0.08 0.02 0.01 0/3 3"). Such a sample is taken again, with a fresh sampler.
        for (var attempt = 0; attempt < 5 && afterSample != Sampled; attempt++)
        {
            await using var sampler = new Lxcfs.Proc.Loadavg.LoadavgSampler(Lxcfs.Proc.HostRoots.Real);
            var source = new ContainerViewSource(new ViewOptions(EnableLoadavg: true), loadavg: sampler);

            Settled(() => source.Read(ViewFile.ProcLoadavg, container.InitPid), "0.00 0.00 0.00 1/3 3\n").Should().Be("0.00 0.00 0.00 1/3 3\n");
            sampler.SampleAll();
            afterSample = Settled(() => source.Read(ViewFile.ProcLoadavg, container.ChildPid), Sampled);
        }

        afterSample.Should().Be(Sampled);
    }

    // The running count is the tasks' state at the instant of the read: on a busy machine the sleeping
    // tasks may be runnable for a moment (woken, or not yet asleep after exec). The expected line is the
    // settled one; the last read is returned for the assertion if it never comes within 3 s.
    private static string Settled(Func<string> read, string expected)
    {
        var value = read();
        for (var i = 0; i < 150 && value != expected; i++)
        {
            Thread.Sleep(20);
            value = read();
        }

        return value;
    }

    private static int ChildNamed(int parent, string command) =>
        File.ReadAllText($"/proc/{parent}/task/{parent}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
            .Single(c => File.ReadAllText($"/proc/{c}/comm").Trim() == command);

    // Right after forking its children the init shell may still be runnable for a moment; the
    // expected counts are for the settled container, with the shell asleep in wait.
    private static void WaitUntilSleeping(int pid)
    {
        for (var i = 0; i < 150; i++)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('S'))
            {
                return;
            }

            Thread.Sleep(20);
        }

        Assert.Fail($"the container's init {pid} never went to sleep");
    }

    private static void RequireLiveHost()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireExecutable("unshare");
        foreach (var hierarchy in LiveContainer.Hierarchies)
        {
            Prerequisite.RequireFile($"{LiveContainer.CgroupRoot}/{hierarchy}/cgroup.procs", $"cgroup v1 {hierarchy} hierarchy");
        }
    }

    // busy = visible CPUs x uptime - idle, from the container's /proc/uptime and /sys/devices/system/cpu/online.
    private static (double Idle, double Busy) IdleAndBusy(ContainerViewSource source, int pid)
    {
        var fields = source.Read(ViewFile.ProcUptime, pid).Trim().Split(' ');
        var uptime = double.Parse(fields[0], CultureInfo.InvariantCulture);
        var idle = double.Parse(fields[1], CultureInfo.InvariantCulture);
        return (idle, (2 * uptime) - idle);
    }

    private static string[] Lines(string text, string prefix) => [.. text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))];
}
