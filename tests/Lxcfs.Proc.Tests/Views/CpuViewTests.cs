using Lxcfs.Proc.Tests.Fixtures;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Views;

/// <summary>cpuinfo, stat, online and uptime for one container; the fake host has CPUs 0-3 and has been up 1000 s.</summary>
public sealed class CpuViewTests : IDisposable
{
    private FakeHost? _host;

    public void Dispose() => _host?.Dispose();

    /// <summary>
    /// cpuset lxc/ct = 1-3; CFS quota 1.5 CPUs on lxc, none on lxc/ct; init started 100 s ago.
    /// cpuacct per CPU (user/system): cpu1 2.0/1.0 s, cpu2 1.0/0.5 s, cpu3 0.6/0.3 s.
    /// </summary>
    private FakeHost V1QuotaOnParent()
    {
        _host = FakeHost.V1()
            .Cgroup("cpuset", "/", ("cpuset.cpus", "0-3\n"))
            .Cgroup("cpuset", "/lxc", ("cpuset.cpus", "1-3\n"))
            .Cgroup("cpuset", "/lxc/ct", ("cpuset.cpus", "1-3\n"))
            .Cgroup("cpu", "/", ("cpu.cfs_quota_us", "-1\n"), ("cpu.cfs_period_us", "100000\n"))
            .Cgroup("cpu", "/lxc", ("cpu.cfs_quota_us", "150000\n"), ("cpu.cfs_period_us", "100000\n"))
            .Cgroup("cpu", "/lxc/ct", ("cpu.cfs_quota_us", "-1\n"), ("cpu.cfs_period_us", "100000\n"))
            .Cgroup("cpuacct", "/lxc/ct", ("cpuacct.usage_all", """
                cpu user system
                0 0 0
                1 2000000000 1000000000
                2 1000000000 500000000
                3 600000000 300000000

                """))
            .Container(ViewReader.V1CgroupFile("/lxc/ct"), initStartTicks: 90_000);
        return _host;
    }

    /// <summary>cpuset 0-3 everywhere; a 1-CPU quota written at the hierarchy's mount point only.</summary>
    private FakeHost V1QuotaAtTheMountPoint(bool mountPointIsTheKernelsRoot)
    {
        _host = FakeHost.V1()
            .Cgroup("cpuset", "/", ("cpuset.cpus", "0-3\n"))
            .Cgroup("cpuset", "/ct", ("cpuset.cpus", "0-3\n"))
            .Cgroup("cpu", "/", ("cpu.cfs_quota_us", "100000\n"), ("cpu.cfs_period_us", "100000\n"))
            .Cgroup("cpu", "/ct", ("cpu.cfs_quota_us", "-1\n"), ("cpu.cfs_period_us", "100000\n"))
            .Container(ViewReader.V1CgroupFile("/ct"), initStartTicks: 90_000);
        if (mountPointIsTheKernelsRoot)
        {
            _host.Cgroup("cpu", "/", ("cgroup.sane_behavior", "0\n"));
        }

        return _host;
    }

    [Fact]
    public void V1_TheKernelsRootCgroupIsNotReadForAQuota_ItCanNeverHaveOne()
    {
        var source = new ContainerViewSource(new ViewOptions(EnableCfs: true), V1QuotaAtTheMountPoint(mountPointIsTheKernelsRoot: true).Roots);

        source.Read(ViewFile.SysCpuOnline).Should().Be("0-3\n");
    }

    [Fact]
    public void V1_AMountPointShowingAnOrdinaryCgroup_AsInACgroupNamespace_CountsWithItsQuota()
    {
        var source = new ContainerViewSource(new ViewOptions(EnableCfs: true), V1QuotaAtTheMountPoint(mountPointIsTheKernelsRoot: false).Roots);

        source.Read(ViewFile.SysCpuOnline).Should().Be("0\n");
    }

    [Fact]
    public void V1_QuotaOnParent_CpuinfoShowsTheFirstTwoCpusetCpusUnderTheirOwnIds()
    {
        var source = new ContainerViewSource(new ViewOptions(EnableCfs: true), V1QuotaOnParent().Roots);

        source.Read(ViewFile.ProcCpuinfo).Should().Be("""
            processor	: 1
            vendor_id	: GenuineIntel
            core id		: 1
            apicid		: 2

            processor	: 2
            vendor_id	: GenuineIntel
            core id		: 2
            apicid		: 4


            """);
        source.Read(ViewFile.SysCpuOnline).Should().Be("1-2\n");
    }

    [Fact]
    public void V1_QuotaOnParent_StatHasOneLinePerVisibleCpu_FromCpuacct_WithIdleFromTheContainersAge()
    {
        var source = new ContainerViewSource(new ViewOptions(EnableCfs: true), V1QuotaOnParent().Roots);

        // cpu3 is beyond the 2-CPU cap: its time is shared by cpu1 and cpu2. idle = 100 s − busy.
        source.Read(ViewFile.ProcStat).Should().Be("""
            cpu  360 0 180 19460 0 0 0 0 0 0
            cpu1 230 0 115 9655 0 0 0 0 0 0
            cpu2 130 0 65 9805 0 0 0 0 0 0
            intr 123456 0 0
            ctxt 654321
            btime 1700000000
            processes 4242
            procs_running 3
            procs_blocked 0
            softirq 9999 0 0

            """);
    }

    [Fact]
    public void V1_Uptime_IsTheInitsAge_AndIdleIsVisibleCpusTimesAgeMinusCpuTime()
    {
        var source = new ContainerViewSource(new ViewOptions(EnableCfs: true), V1QuotaOnParent().Roots);

        // age 1000 − 900 = 100 s; CPU time 5.4 s; 2 visible CPUs.
        source.Read(ViewFile.ProcUptime).Should().Be("100.00 194.60\n");
    }

    [Fact]
    public void V1_WithoutCfs_TheQuotaIsIgnored_AndAllThreeCpusetCpusHaveTheirOwnIdsEverywhere()
    {
        var source = new ContainerViewSource(new ViewOptions(EnableCfs: false), V1QuotaOnParent().Roots);

        source.Read(ViewFile.SysCpuOnline).Should().Be("1-3\n");
        Lines(source.Read(ViewFile.ProcCpuinfo), "processor").Should().Equal("processor\t: 1", "processor\t: 2", "processor\t: 3");
        Lines(source.Read(ViewFile.ProcStat), "cpu").Should().Equal(
            "cpu  360 0 180 29460 0 0 0 0 0 0",
            "cpu1 200 0 100 9700 0 0 0 0 0 0",
            "cpu2 100 0 50 9850 0 0 0 0 0 0",
            "cpu3 60 0 30 9910 0 0 0 0 0 0");
        source.Read(ViewFile.ProcUptime).Should().Be("100.00 294.60\n");
    }

    [Fact]
    public void Stat_CountersNeverGoBackwards_WhenIdleDerivedFromAgeWouldShrink()
    {
        var host = V1QuotaOnParent();
        var source = new ContainerViewSource(new ViewOptions(EnableCfs: true), host.Roots);
        source.Read(ViewFile.ProcStat);

        // 50 s more user time on cpu1 while the clock has not moved: age − busy would drop idle by 5000 ticks.
        host.Cgroup("cpuacct", "/lxc/ct", ("cpuacct.usage_all", "cpu user system\n0 0 0\n1 52000000000 1000000000\n2 1000000000 500000000\n3 600000000 300000000\n"));

        Lines(source.Read(ViewFile.ProcStat), "cpu").Should().Equal(
            "cpu  5360 0 180 19460 0 0 0 0 0 0",
            "cpu1 5230 0 115 9655 0 0 0 0 0 0",
            "cpu2 130 0 65 9805 0 0 0 0 0 0");
    }

    [Fact]
    public void HybridKubernetesCgroupfsTree_HalfCpuQuotaOnThePod_OneCpu_UsagePercpuCountedAsUser()
    {
        const string container = "/kubepods/burstable/pod7d2c9a4e-1111-2222-3333-444455556666/0123456789abcdef";
        _host = FakeHost.Hybrid()
            .Cgroup("cpuset", "/", ("cpuset.cpus", "0-3\n"))
            .Cgroup("cpuset", container, ("cpuset.cpus", "\n"))
            .Cgroup("cpu,cpuacct", "/kubepods/burstable/pod7d2c9a4e-1111-2222-3333-444455556666",
                ("cpu.cfs_quota_us", "50000\n"), ("cpu.cfs_period_us", "100000\n"))
            .Cgroup("cpu,cpuacct", container, ("cpu.cfs_quota_us", "-1\n"), ("cpu.cfs_period_us", "100000\n"),
                ("cpuacct.usage_percpu", "100000000 200000000 0 0 \n"))
            .Container(ViewReader.V1CgroupFile(container, coMountedCpu: true), initStartTicks: 90_000);
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        source.Read(ViewFile.SysCpuOnline).Should().Be("0\n");
        Lines(source.Read(ViewFile.ProcCpuinfo), "processor").Should().Equal("processor\t: 0");
        Lines(source.Read(ViewFile.ProcStat), "cpu").Should().Equal("cpu  30 0 0 9970 0 0 0 0 0 0", "cpu0 30 0 0 9970 0 0 0 0 0 0");
        source.Read(ViewFile.ProcUptime).Should().Be("100.00 99.70\n");
    }

    [Fact]
    public void V2KubernetesSystemdTree_CpuMaxOnThePod_CpuStatSpreadEvenlyOverVisibleCpus()
    {
        const string pod = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f1e2d3c_4b5a_6978_8a9b_0c1d2e3f4a5b.slice";
        const string container = pod + "/cri-containerd-3f9a1c0e2b7d.scope";
        _host = FakeHost.V2()
            .Cgroup("", "/", ("cpuset.cpus.effective", "0-3\n"))
            .Cgroup("", pod, ("cpu.max", "150000 100000\n"), ("cpuset.cpus.effective", "0-3\n"))
            .Cgroup("", container, ("cpu.max", "max 100000\n"), ("cpuset.cpus.effective", "0-3\n"),
                ("cpu.stat", "usage_usec 5000000\nuser_usec 3000000\nsystem_usec 2000000\nnr_periods 0\n"))
            .Container($"0::{container}\n", initStartTicks: 90_000);
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        source.Read(ViewFile.SysCpuOnline).Should().Be("0-1\n");
        Lines(source.Read(ViewFile.ProcCpuinfo), "processor").Should().Equal("processor\t: 0", "processor\t: 1");
        Lines(source.Read(ViewFile.ProcStat), "cpu").Should().Equal(
            "cpu  300 0 200 19500 0 0 0 0 0 0",
            "cpu0 150 0 100 9750 0 0 0 0 0 0",
            "cpu1 150 0 100 9750 0 0 0 0 0 0");
        source.Read(ViewFile.ProcUptime).Should().Be("100.00 195.00\n");
    }

    [Fact]
    public void CallerInTheDaemonsPidNamespace_UsesItsOwnCgroup_ButTheHostUptime()
    {
        _host = V1QuotaOnParent();
        _host.Process(700, 400, FakeHost.HostPidNamespace, [700], 99_000, ViewReader.V1CgroupFile("/lxc/ct"));
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        source.Read(ViewFile.SysCpuOnline, pid: 700).Should().Be("1-2\n");
        source.Read(ViewFile.ProcUptime, pid: 700).Should().Be(HostFiles.Uptime);
    }

    [Fact]
    public void V1_CpuacctIsReadAtTheCpuacctPath_EvenWhenTheCpusetPathDiffers()
    {
        // lxcfs reads cpuacct.usage_all at the *cpuset* path and falls back to host lines when that fails.
        _host = FakeHost.V1()
            .Cgroup("cpuset", "/cs", ("cpuset.cpus", "0-1\n"))
            .Cgroup("cpu", "/cpu", ("cpu.cfs_quota_us", "-1\n"), ("cpu.cfs_period_us", "100000\n"))
            .Cgroup("cpuacct", "/acct/ct", ("cpuacct.usage_all", "cpu user system\n0 1000000000 0\n1 0 2000000000\n"))
            .Container("3:cpuset:/cs\n2:cpuacct:/acct/ct\n1:cpu:/cpu\n", initStartTicks: 90_000);
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        Lines(source.Read(ViewFile.ProcStat), "cpu").Should().Equal(
            "cpu  100 0 200 19700 0 0 0 0 0 0",
            "cpu0 100 0 0 9900 0 0 0 0 0 0",
            "cpu1 0 0 200 9800 0 0 0 0 0 0");
    }

    [Fact]
    public void S390StyleCpuinfoWithoutProcessorColonLines_IsServedAsTheHostFile()
    {
        _host = V1QuotaOnParent();
        const string s390 = "vendor_id       : IBM/S390\n# processors    : 4\nprocessor 0: version = FF,  identification = 0133E8,  machine = 2964\n";
        _host.Write("proc/cpuinfo", s390);

        new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcCpuinfo).Should().Be(s390);
    }

    private static string[] Lines(string text, string prefix) => [.. text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))];
}
