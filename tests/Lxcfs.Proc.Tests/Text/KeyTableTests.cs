using System.Text;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Tests.Text;

public sealed class KeyTableTests
{
    // Every label of a 6.x /proc/meminfo and every key of a v1 memory.stat: more keys than buckets hold
    // alone, many sharing their length and both ends.
    private static readonly string[] ManyKeys =
    [
        "MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active", "Inactive", "Active(anon)",
        "Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Mlocked", "SwapTotal", "SwapFree", "Zswap",
        "Zswapped", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab", "SReclaimable",
        "SUnreclaim", "KernelStack", "PageTables", "SecPageTables", "NFS_Unstable", "Bounce", "WritebackTmp",
        "CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk", "Percpu", "HardwareCorrupted",
        "AnonHugePages", "ShmemHugePages", "ShmemPmdMapped", "FileHugePages", "FilePmdMapped", "CmaTotal", "CmaFree",
        "Unaccepted", "Balloon", "HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp", "Hugepagesize",
        "Hugetlb", "DirectMap4k", "DirectMap2M", "DirectMap1G",
        "cache", "rss", "rss_huge", "shmem", "mapped_file", "dirty", "writeback", "swap", "pgpgin", "pgpgout", "pgfault",
        "pgmajfault", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
        "hierarchical_memory_limit", "hierarchical_memsw_limit", "total_cache", "total_rss", "total_rss_huge",
        "total_shmem", "total_mapped_file", "total_dirty", "total_writeback", "total_swap", "total_pgpgin",
        "total_pgpgout", "total_pgfault", "total_pgmajfault", "total_inactive_anon", "total_active_anon",
        "total_inactive_file", "total_active_file", "total_unevictable",
    ];

    [Fact]
    public void Find_EveryKeyOfALargeTable_IsFoundWithItsNumber()
    {
        var table = Numbered(ManyKeys);

        var places = ManyKeys.Select(key => table.Find(Encoding.ASCII.GetBytes(key)));

        table.Count.Should().Be(ManyKeys.Length);
        places.Should().Equal(Enumerable.Range(0, ManyKeys.Length));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mem")]
    [InlineData("MemTotal:")]
    [InlineData("memtotal")]
    [InlineData("total_cach")]
    [InlineData("total_cache_")]
    [InlineData("Active(anon")]
    [InlineData("Inactive(anon)x")]
    public void Find_TextThatIsNoKey_IsMinusOne(string text)
    {
        var table = Numbered(ManyKeys);

        table.Find(Encoding.ASCII.GetBytes(text)).Should().Be(-1);
    }

    [Fact]
    public void Constructor_AnEmptyKey_IsRefused()
    {
        var make = () => new KeyTable(("MemTotal", 0), ("", 1));

        make.Should().Throw<ArgumentException>().WithMessage("a key is empty*");
    }

    // Each key numbered by its place in the list.
    private static KeyTable Numbered(string[] keys) => new([.. keys.Select((key, place) => (key, place))]);
}
