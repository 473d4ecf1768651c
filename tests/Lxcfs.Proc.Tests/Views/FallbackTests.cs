using Lxcfs.Proc.Tests.Fixtures;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Views;

public sealed class FallbackTests : IDisposable
{
    private readonly FakeHost _host = FakeHost.V1()
        .Cgroup("memory", "/ct", ("memory.limit_in_bytes", "268435456\n"), ("memory.usage_in_bytes", "1048576\n"), ("memory.stat", "total_cache 0\n"))
        .Cgroup("cpuset", "/ct", ("cpuset.cpus", "1\n"))
        .Cgroup("cpu", "/ct", ("cpu.cfs_quota_us", "-1\n"), ("cpu.cfs_period_us", "100000\n"))
        .Cgroup("cpuacct", "/ct", ("cpuacct.usage_all", "cpu user system\n0 0 0\n1 0 0\n"))
        .Container(ViewReader.V1CgroupFile("/ct"));

    public void Dispose() => _host.Dispose();

    [Fact]
    public void CgroupRemoved_EveryViewIsTheHostFile_AndFallbacksAreReportedAtMostOncePerInterval()
    {
        var reports = new List<ViewFallback>();
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots, onFallback: reports.Add);
        source.Read(ViewFile.ProcMeminfo).Should().StartWith("MemTotal:         262144 kB\n");
        foreach (var hierarchy in new[] { "memory", "cpuset", "cpu", "cpuacct" })
        {
            Directory.Delete($"{_host.CgroupRoot}/{hierarchy}/ct", recursive: true);
        }

        source.Read(ViewFile.ProcMeminfo).Should().Be(HostFiles.Meminfo);
        source.Read(ViewFile.ProcCpuinfo).Should().Be(HostFiles.Cpuinfo);
        source.Read(ViewFile.ProcStat).Should().Be(HostFiles.Stat);
        source.Read(ViewFile.SysCpuOnline).Should().Be("0-3\n");

        source.FallbackCount.Should().Be(4);
        reports.Should().ContainSingle().Which.File.Should().Be(ViewFile.ProcMeminfo);
        reports[0].Reason.Should().StartWith("FileNotFoundException").And.Contain("/ct/memory.usage_in_bytes");
    }

    [Fact]
    public void CallerGone_TheHostFileIsServed()
    {
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        source.Read(ViewFile.ProcMeminfo, pid: 31337).Should().Be(HostFiles.Meminfo);
        source.Read(ViewFile.ProcUptime, pid: 0).Should().Be(HostFiles.Uptime);
    }

    [Fact]
    public void NoCgroupFilesystem_TheHostFileIsServed()
    {
        _host.Write("proc/self/mountinfo", "22 1 0:20 / /proc rw - proc proc rw\n");
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        source.Read(ViewFile.ProcMeminfo).Should().Be(HostFiles.Meminfo);
        source.Read(ViewFile.ProcStat).Should().Be(HostFiles.Stat);
    }

    [Fact]
    public void V2_ProcessInTheRootCgroup_GetsTheHostFiles_WithoutCountingAnError()
    {
        using var v2 = FakeHost.V2()
            .Cgroup("", "/", ("cpuset.cpus.effective", "0-3\n"), ("cpu.stat", "usage_usec 1\n"))
            .Container("0::/init.scope\n");
        var source = new ContainerViewSource(new ViewOptions(), v2.Roots);

        source.Read(ViewFile.ProcMeminfo).Should().Be(HostFiles.Meminfo);
        source.Read(ViewFile.ProcDiskstats).Should().Be(HostFiles.Diskstats);
        source.Read(ViewFile.SysCpuOnline).Should().Be("0-3\n");
        source.FallbackCount.Should().Be(0);
    }

    [Fact]
    public void HostViewSource_ServesTheRealHostFiles()
    {
        var meminfo = new HostViewSource().Read(ViewFile.ProcMeminfo, pid: Environment.ProcessId);

        meminfo.Should().StartWith("MemTotal:");
    }
}
