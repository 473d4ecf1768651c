using Lxcfs.Proc.Tests.Fixtures;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Views;

/// <summary>meminfo's Zswap and Zswapped lines, as LXCFS 7.0 shows them: the cgroup's own on v2, never the host's.</summary>
public sealed class ZswapViewTests : IDisposable
{
    private const string HostMeminfoWithZswap = "MemTotal:       16777216 kB\nMemFree:         8000000 kB\nSwapTotal:       4194304 kB\nSwapFree:        4194304 kB\nZswap:            123456 kB\nZswapped:         654321 kB\n";

    private FakeHost? _host;

    public void Dispose() => _host?.Dispose();

    private static string Line(string meminfo, string key) => meminfo.Split('\n').Single(l => l.StartsWith(key + ":", StringComparison.Ordinal));

    [Fact]
    public void V2_ZswapAndZswappedAreTheCgroupsOwn()
    {
        _host = FakeHost.V2()
            .Write("proc/meminfo", HostMeminfoWithZswap)
            .Cgroup("", "/ct", ("memory.max", "536870912\n"), ("memory.swap.max", "max\n"), ("memory.current", "104857600\n"),
                ("memory.swap.current", "0\n"), ("memory.stat", "anon 1048576\nfile 0\nzswap 2097152\nzswapped 8388608\n"))
            .Container("0::/ct\n");

        var meminfo = new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcMeminfo);

        Line(meminfo, "Zswap").Should().Be("Zswap:              2048 kB");
        Line(meminfo, "Zswapped").Should().Be("Zswapped:           8192 kB");
    }

    [Fact]
    public void V1_KeepsNoZswapPerCgroup_SoBothAreZero_NotTheHosts()
    {
        _host = FakeHost.V1()
            .Write("proc/meminfo", HostMeminfoWithZswap)
            .Cgroup("memory", "/ct", ("memory.limit_in_bytes", "536870912\n"), ("memory.usage_in_bytes", "104857600\n"), ("memory.stat", "total_cache 0\n"))
            .Container(ViewReader.V1CgroupFile("/ct"));

        var meminfo = new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcMeminfo);

        Line(meminfo, "Zswap").Should().Be("Zswap:                 0 kB");
        Line(meminfo, "Zswapped").Should().Be("Zswapped:              0 kB");
    }
}
