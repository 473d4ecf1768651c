using Lxcfs.Proc.Tests.Fixtures;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Views;

public sealed class MeminfoViewTests : IDisposable
{
    private const string PageCounterMax = "9223372036854771712\n";
    private FakeHost? _host;

    public void Dispose() => _host?.Dispose();

    [Fact]
    public void V1_LimitOnParentOnly_MemTotalIsTheParentLimit_AndAnonHugePagesIsShown()
    {
        //  memory/            limit PAGE_COUNTER_MAX
        //  └─ lxc/            limit 256 MiB
        //     └─ ct/          limit PAGE_COUNTER_MAX, usage 100 MiB   ← container
        _host = FakeHost.V1()
            .Cgroup("memory", "/", ("memory.limit_in_bytes", PageCounterMax))
            .Cgroup("memory", "/lxc", ("memory.limit_in_bytes", "268435456\n"))
            .Cgroup("memory", "/lxc/ct",
                ("memory.limit_in_bytes", PageCounterMax), ("memory.usage_in_bytes", "104857600\n"), ("memory.stat", V1Stat))
            .Container(ViewReader.V1CgroupFile("/lxc/ct"));

        var meminfo = new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcMeminfo);

        meminfo.Should().Be("""
            MemTotal:         262144 kB
            MemFree:          159744 kB
            MemAvailable:     200704 kB
            Buffers:               0 kB
            Cached:            40960 kB
            SwapCached:            0 kB
            Active:            73728 kB
            Inactive:          28672 kB
            Active(anon):      49152 kB
            Inactive(anon):    12288 kB
            Active(file):      24576 kB
            Inactive(file):    16384 kB
            Unevictable:           0 kB
            Mlocked:           16000 kB
            SwapTotal:             0 kB
            SwapFree:              0 kB
            Dirty:              1024 kB
            Writeback:             0 kB
            AnonPages:         57344 kB
            Mapped:             8192 kB
            Shmem:              4096 kB
            KReclaimable:     200000 kB
            Slab:                  0 kB
            SReclaimable:          0 kB
            SUnreclaim:            0 kB
            KernelStack:       10000 kB
            PageTables:        20000 kB
            CommitLimit:    12582912 kB
            Committed_AS:    5000000 kB
            AnonHugePages:     32768 kB
            ShmemHugePages:        0 kB
            ShmemPmdMapped:        0 kB
            HugePages_Total:       0
            Hugepagesize:       2048 kB
            DirectMap4k:      200000 kB

            """);
    }

    [Fact]
    public void V2_KubernetesSystemdTree_LimitOnPod_MappedDirtySlabAndSwapFromTheCgroup()
    {
        const string pod = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f1e2d3c_4b5a_6978_8a9b_0c1d2e3f4a5b.slice";
        const string container = pod + "/cri-containerd-3f9a1c0e2b7d.scope";
        _host = FakeHost.V2()
            .Cgroup("", "/kubepods.slice", ("memory.max", "8589934592\n"), ("memory.swap.max", "max\n"))
            .Cgroup("", "/kubepods.slice/kubepods-burstable.slice", ("memory.max", "max\n"), ("memory.swap.max", "max\n"))
            .Cgroup("", pod, ("memory.max", "536870912\n"), ("memory.swap.max", "104857600\n"))
            .Cgroup("", container, ("memory.max", "max\n"), ("memory.swap.max", "max\n"), ("memory.current", "209715200\n"),
                ("memory.swap.current", "10485760\n"), ("memory.stat", V2Stat))
            .Container($"0::{container}\n");

        var meminfo = new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcMeminfo);

        meminfo.Should().Be("""
            MemTotal:         524288 kB
            MemFree:          319488 kB
            MemAvailable:     409600 kB
            Buffers:               0 kB
            Cached:            81920 kB
            SwapCached:         1024 kB
            Active:           112640 kB
            Inactive:          71680 kB
            Active(anon):      61440 kB
            Inactive(anon):    40960 kB
            Active(file):      51200 kB
            Inactive(file):    30720 kB
            Unevictable:           0 kB
            Mlocked:           16000 kB
            SwapTotal:        102400 kB
            SwapFree:          92160 kB
            Dirty:              2048 kB
            Writeback:          1024 kB
            AnonPages:         99328 kB
            Mapped:            20480 kB
            Shmem:              3072 kB
            KReclaimable:     200000 kB
            Slab:              12288 kB
            SReclaimable:       8192 kB
            SUnreclaim:         4096 kB
            KernelStack:       10000 kB
            PageTables:        20000 kB
            CommitLimit:    12582912 kB
            Committed_AS:    5000000 kB
            AnonHugePages:     16384 kB
            ShmemHugePages:        0 kB
            ShmemPmdMapped:        0 kB
            HugePages_Total:       0
            Hugepagesize:       2048 kB
            DirectMap4k:      200000 kB

            """);
    }

    [Fact]
    public void V2_UsageAboveTheLimit_MemFreeIsZeroNotAWrappedNumber()
    {
        _host = FakeHost.V2()
            .Cgroup("", "/ct", ("memory.max", "536870912\n"), ("memory.current", "629145600\n"), ("memory.stat", "file 0\nactive_file 4194304\ninactive_file 0\n"))
            .Container("0::/ct\n");

        var lines = MemLines(new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcMeminfo));

        lines.Should().Equal(
            "MemTotal:         524288 kB",
            "MemFree:               0 kB",
            "MemAvailable:       4096 kB");
    }

    [Fact]
    public void V1_SwapAccounting_SwapTotalIsTheSwapAllowance_NotRamPlusSwap()
    {
        //  lxc/     memory 256 MiB, memory+swap 356 MiB  → 100 MiB of swap
        //  lxc/ct   usage 100 MiB, memory+swap usage 110 MiB → 10 MiB swapped
        _host = FakeHost.V1()
            .Cgroup("memory", "/lxc", ("memory.limit_in_bytes", "268435456\n"), ("memory.memsw.limit_in_bytes", "373293056\n"))
            .Cgroup("memory", "/lxc/ct", ("memory.limit_in_bytes", PageCounterMax), ("memory.memsw.limit_in_bytes", PageCounterMax),
                ("memory.usage_in_bytes", "104857600\n"), ("memory.memsw.usage_in_bytes", "115343360\n"), ("memory.swappiness", "60\n"),
                ("memory.stat", V1Stat))
            .Container(ViewReader.V1CgroupFile("/lxc/ct"));
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        SwapLines(source.Read(ViewFile.ProcMeminfo)).Should().Equal("SwapTotal:        102400 kB", "SwapFree:          92160 kB");
        source.Read(ViewFile.ProcSwaps).Should().Be(
            "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n" + "none" + new string(' ', 36) + "virtual\t102400\t\t10240\t\t0\n");
    }

    [Fact]
    public void V1_HostWithoutSwap_TheCgroupsSwapFilesAreNotRead_AndSwapIsZero()
    {
        // The memsw and swappiness "files" are directories here: reading either would fail the render (and
        // serve the host's file). A host without swap caps the container's at 0, so neither is needed.
        _host = FakeHost.V1()
            .Write("proc/meminfo", HostFiles.Meminfo.Replace("SwapTotal:       4194304 kB", "SwapTotal:             0 kB", StringComparison.Ordinal)
                .Replace("SwapFree:        4194304 kB", "SwapFree:              0 kB", StringComparison.Ordinal))
            .Cgroup("memory", "/lxc/ct", ("memory.limit_in_bytes", "268435456\n"), ("memory.usage_in_bytes", "104857600\n"), ("memory.stat", V1Stat))
            .Container(ViewReader.V1CgroupFile("/lxc/ct"));
        Directory.CreateDirectory(_host.CgroupRoot + "/memory/lxc/ct/memory.memsw.usage_in_bytes");
        Directory.CreateDirectory(_host.CgroupRoot + "/memory/lxc/ct/memory.swappiness");
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        var meminfo = source.Read(ViewFile.ProcMeminfo);

        meminfo.Should().StartWith("MemTotal:         262144 kB\n");
        SwapLines(meminfo).Should().Equal("SwapTotal:             0 kB", "SwapFree:              0 kB");
        source.Read(ViewFile.ProcSwaps).Should().Be("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
    }

    [Fact]
    public void DisableSwap_SwapIsZero_AndSwapsHasOnlyItsHeader()
    {
        _host = FakeHost.V2()
            .Cgroup("", "/ct", ("memory.max", "536870912\n"), ("memory.current", "1048576\n"), ("memory.swap.max", "max\n"),
                ("memory.swap.current", "4096\n"), ("memory.stat", V2Stat))
            .Container("0::/ct\n");
        var source = new ContainerViewSource(new ViewOptions(DisableSwap: true), _host.Roots);

        SwapLines(source.Read(ViewFile.ProcMeminfo)).Should().Equal("SwapTotal:             0 kB", "SwapFree:              0 kB");
        source.Read(ViewFile.ProcSwaps).Should().Be("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
    }

    [Fact]
    public void V2_UnlimitedSwap_IsCappedAtTheHostSwap()
    {
        _host = FakeHost.V2()
            .Cgroup("", "/ct", ("memory.max", "536870912\n"), ("memory.current", "1048576\n"), ("memory.swap.max", "max\n"),
                ("memory.swap.current", "0\n"), ("memory.stat", V2Stat))
            .Container("0::/ct\n");

        var meminfo = new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcMeminfo);

        SwapLines(meminfo).Should().Equal("SwapTotal:       4194304 kB", "SwapFree:        4194304 kB");
    }

    [Fact]
    public void V2_SwapMaxZeroOnAnAncestor_MeansNoSwap_NotUnlimited()
    {
        _host = FakeHost.V2()
            .Cgroup("", "/pod", ("memory.max", "536870912\n"), ("memory.swap.max", "0\n"))
            .Cgroup("", "/pod/ct", ("memory.max", "max\n"), ("memory.current", "1048576\n"), ("memory.swap.max", "max\n"),
                ("memory.swap.current", "0\n"), ("memory.stat", V2Stat))
            .Container("0::/pod/ct\n");
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        SwapLines(source.Read(ViewFile.ProcMeminfo)).Should().Equal("SwapTotal:             0 kB", "SwapFree:              0 kB");
        source.Read(ViewFile.ProcSwaps).Should().Be("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
    }

    private static string[] MemLines(string text) => [.. text.Split('\n').Where(l => l.StartsWith("Mem", StringComparison.Ordinal))];

    private static string[] SwapLines(string text) => [.. text.Split('\n').Where(l => l.StartsWith("SwapTotal", StringComparison.Ordinal) || l.StartsWith("SwapFree", StringComparison.Ordinal))];

    private const string V1Stat = """
        cache 1
        rss 2
        rss_huge 3
        mapped_file 4
        hierarchical_memory_limit 268435456
        total_cache 41943040
        total_rss 62914560
        total_rss_huge 33554432
        total_shmem 4194304
        total_mapped_file 8388608
        total_dirty 1048576
        total_writeback 0
        total_swap 0
        total_swapcached 0
        total_inactive_anon 12582912
        total_active_anon 50331648
        total_inactive_file 16777216
        total_active_file 25165824
        total_unevictable 0

        """;

    private const string V2Stat = """
        anon 104857600
        file 83886080
        kernel 16777216
        kernel_stack 1048576
        shmem 3145728
        file_mapped 20971520
        file_dirty 2097152
        file_writeback 1048576
        swapcached 1048576
        anon_thp 16777216
        file_thp 0
        inactive_anon 41943040
        active_anon 62914560
        inactive_file 31457280
        active_file 52428800
        unevictable 0
        slab_reclaimable 8388608
        slab_unreclaimable 4194304
        slab 12582912

        """;
}
