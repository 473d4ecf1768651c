using Lxcfs.Proc.Tests.Fixtures;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Views;

/// <summary>/proc/pressure/* from the container's unified cgroup, /proc/slabinfo from its v1 memory cgroup, as LXCFS 7.0 serves them.</summary>
public sealed class PressureAndSlabinfoViewTests : IDisposable
{
    private const string Pod = "/kubepods/burstable/pod7d2c9a4e/0123456789ab";
    private const string HostCpuPressure = "some avg10=34.10 avg60=39.18 avg300=43.55 total=7715358769\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
    private const string CgroupCpuPressure = "some avg10=1.00 avg60=0.50 avg300=0.10 total=1234\nfull avg10=0.25 avg60=0.12 avg300=0.02 total=567\n";
    private const string CgroupIoPressure = "some avg10=0.00 avg60=0.00 avg300=0.00 total=89\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=12\n";
    private const string CgroupMemoryPressure = "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
    private const string HostSlabinfo = "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>\nkmalloc-64 100 100 64 64 1\n";

    private FakeHost? _host;

    public void Dispose() => _host?.Dispose();

    private static FakeHost WithHostFiles(FakeHost host) => host
        .Write("proc/pressure/cpu", HostCpuPressure)
        .Write("proc/pressure/io", HostCpuPressure)
        .Write("proc/pressure/memory", HostCpuPressure)
        .Write("proc/slabinfo", HostSlabinfo);

    [Fact]
    public void Hybrid_EachPressureFileIsTheContainersUnifiedCgroupsOwn()
    {
        _host = WithHostFiles(FakeHost.Hybrid())
            .Cgroup("unified", Pod, ("cpu.pressure", CgroupCpuPressure), ("io.pressure", CgroupIoPressure), ("memory.pressure", CgroupMemoryPressure))
            .Container($"5:memory:{Pod}\n3:cpuset:{Pod}\n2:cpu,cpuacct:{Pod}\n0::{Pod}\n");
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        source.Read(ViewFile.ProcPressureCpu).Should().Be(CgroupCpuPressure);
        source.Read(ViewFile.ProcPressureIo).Should().Be(CgroupIoPressure, "io too: LXCFS 7.0 looks it up as 'blkio' and serves the host's on v2");
        source.Read(ViewFile.ProcPressureMemory).Should().Be(CgroupMemoryPressure);
    }

    [Fact]
    public void V2_PressureFromTheContainersCgroup()
    {
        _host = WithHostFiles(FakeHost.V2())
            .Cgroup("", Pod, ("cpu.pressure", CgroupCpuPressure), ("memory.max", "max\n"))
            .Container($"0::{Pod}\n");
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        source.Read(ViewFile.ProcPressureCpu).Should().Be(CgroupCpuPressure);
    }

    [Fact]
    public void A_container_in_the_unified_root_or_without_pressure_files_reads_the_hosts()
    {
        _host = WithHostFiles(FakeHost.Hybrid())
            .Cgroup("unified", Pod)
            .Container($"5:memory:{Pod}\n3:cpuset:{Pod}\n2:cpu,cpuacct:{Pod}\n0::{Pod}\n");
        var withoutPsi = new ContainerViewSource(new ViewOptions(), _host.Roots);
        using var inRoot = WithHostFiles(FakeHost.Hybrid()).Container($"5:memory:{Pod}\n0::/\n");

        withoutPsi.Read(ViewFile.ProcPressureCpu).Should().Be(HostCpuPressure, "a kernel booted without PSI has no *.pressure files");
        new ContainerViewSource(new ViewOptions(), inRoot.Roots).Read(ViewFile.ProcPressureCpu).Should().Be(HostCpuPressure);
    }

    [Fact]
    public void V1_Slabinfo_IsTheMemoryCgroupsOwn_WhenTheKernelFillsIt_ElseTheHosts()
    {
        const string cgroupSlabinfo = "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>\ndentry 7 21 192 21 1\n";
        _host = WithHostFiles(FakeHost.V1())
            .Cgroup("memory", "/lxc/ct", ("memory.kmem.slabinfo", cgroupSlabinfo))
            .Container(ViewReader.V1CgroupFile("/lxc/ct"));
        using var empty = WithHostFiles(FakeHost.V1())
            .Cgroup("memory", "/lxc/ct", ("memory.kmem.slabinfo", ""))
            .Container(ViewReader.V1CgroupFile("/lxc/ct"));

        new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcSlabinfo).Should().Be(cgroupSlabinfo);
        new ContainerViewSource(new ViewOptions(), empty.Roots).Read(ViewFile.ProcSlabinfo).Should().Be(HostSlabinfo, "current kernels leave memory.kmem.slabinfo empty");
    }

    [Fact]
    public void ServedFiles_SlabinfoIsRootOnly_AndEveryViewFileHasItsRowInOrder()
    {
        ServedFiles.All.Select(f => f.File).Should().Equal(Enum.GetValues<ViewFile>());
        ServedFiles.All.Select(f => f.Path).Should().OnlyHaveUniqueItems();
        ServedFiles.All.Where(f => f.RootOnly).Select(f => f.Path).Should().Equal("proc/slabinfo");
        ServedFiles.Of(ViewFile.ProcPressureIo).HostPath.Should().Be("/proc/pressure/io");
    }
}
