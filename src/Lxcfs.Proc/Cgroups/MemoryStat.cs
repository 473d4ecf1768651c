using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Cgroups;

/// <summary>The <c>memory.stat</c> counters the views use, in bytes (v1 hierarchical <c>total_*</c> keys or v2 keys).</summary>
public sealed record MemoryStat
{
    public ulong Cache { get; init; }
    public ulong Shmem { get; init; }
    public ulong Mapped { get; init; }
    public ulong Dirty { get; init; }
    public ulong Writeback { get; init; }
    public ulong SwapCached { get; init; }
    public ulong AnonHuge { get; init; }
    public ulong ActiveAnon { get; init; }
    public ulong InactiveAnon { get; init; }
    public ulong ActiveFile { get; init; }
    public ulong InactiveFile { get; init; }
    public ulong Unevictable { get; init; }
    public ulong Slab { get; init; }
    public ulong SlabReclaimable { get; init; }
    public ulong SlabUnreclaimable { get; init; }

    /// <summary>v2 <c>zswap</c>: the compressed pool's size. v1 keeps no per-cgroup zswap figures (0).</summary>
    public ulong Zswap { get; init; }

    /// <summary>v2 <c>zswapped</c>: the memory stored in it, uncompressed.</summary>
    public ulong Zswapped { get; init; }

    /// <summary>v1 <c>hierarchical_memory_limit</c>: the kernel's own minimum over the cgroup and its ancestors; 0 when absent.</summary>
    public ulong HierarchicalLimit { get; init; }

    /// <summary>v1 <c>hierarchical_memsw_limit</c>, likewise; 0 when absent (no swap accounting).</summary>
    public ulong HierarchicalMemswLimit { get; init; }

    /// <summary>
    /// Parses by whole-key comparison (lxcfs matches prefixes, which sends <c>total_rss_huge</c> and
    /// <c>file_mapped</c> into the wrong branch).
    /// </summary>
    public static MemoryStat Parse(ReadOnlySpan<byte> text, bool unified)
    {
        Span<ulong> v = stackalloc ulong[19];
        var lines = new LineReader(text);
        while (lines.TryRead(out var line))
        {
            var rest = line;
            var key = Ascii.NextToken(ref rest);
            var index = unified ? V2Index(key) : V1Index(key);
            if (index >= 0 && Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out var value))
            {
                v[index] = value;
            }
        }

        return new MemoryStat
        {
            Cache = v[0], Shmem = v[1], Mapped = v[2], Dirty = v[3], Writeback = v[4], SwapCached = v[5],
            AnonHuge = v[6], ActiveAnon = v[7], InactiveAnon = v[8], ActiveFile = v[9], InactiveFile = v[10],
            Unevictable = v[11], Slab = v[12], SlabReclaimable = v[13], SlabUnreclaimable = v[14],
            HierarchicalLimit = v[15], HierarchicalMemswLimit = v[16], Zswap = v[17], Zswapped = v[18],
        };
    }

    private static int V1Index(ReadOnlySpan<byte> key) => key switch
    {
        _ when key.SequenceEqual("total_cache"u8) => 0,
        _ when key.SequenceEqual("total_shmem"u8) => 1,
        _ when key.SequenceEqual("total_mapped_file"u8) => 2,
        _ when key.SequenceEqual("total_dirty"u8) => 3,
        _ when key.SequenceEqual("total_writeback"u8) => 4,
        _ when key.SequenceEqual("total_swapcached"u8) => 5,
        _ when key.SequenceEqual("total_rss_huge"u8) => 6,
        _ when key.SequenceEqual("total_active_anon"u8) => 7,
        _ when key.SequenceEqual("total_inactive_anon"u8) => 8,
        _ when key.SequenceEqual("total_active_file"u8) => 9,
        _ when key.SequenceEqual("total_inactive_file"u8) => 10,
        _ when key.SequenceEqual("total_unevictable"u8) => 11,
        _ when key.SequenceEqual("hierarchical_memory_limit"u8) => 15,
        _ when key.SequenceEqual("hierarchical_memsw_limit"u8) => 16,
        _ => -1,
    };

    private static int V2Index(ReadOnlySpan<byte> key) => key switch
    {
        _ when key.SequenceEqual("file"u8) => 0,
        _ when key.SequenceEqual("shmem"u8) => 1,
        _ when key.SequenceEqual("file_mapped"u8) => 2,
        _ when key.SequenceEqual("file_dirty"u8) => 3,
        _ when key.SequenceEqual("file_writeback"u8) => 4,
        _ when key.SequenceEqual("swapcached"u8) => 5,
        _ when key.SequenceEqual("anon_thp"u8) => 6,
        _ when key.SequenceEqual("active_anon"u8) => 7,
        _ when key.SequenceEqual("inactive_anon"u8) => 8,
        _ when key.SequenceEqual("active_file"u8) => 9,
        _ when key.SequenceEqual("inactive_file"u8) => 10,
        _ when key.SequenceEqual("unevictable"u8) => 11,
        _ when key.SequenceEqual("slab"u8) => 12,
        _ when key.SequenceEqual("slab_reclaimable"u8) => 13,
        _ when key.SequenceEqual("slab_unreclaimable"u8) => 14,
        _ when key.SequenceEqual("zswap"u8) => 17,
        _ when key.SequenceEqual("zswapped"u8) => 18,
        _ => -1,
    };
}
