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
            // The kernel writes "key value": one space, no padding.
            var space = line.IndexOf((byte)' ');
            if (space <= 0)
            {
                continue;
            }

            var index = (unified ? V2Keys : V1Keys).Find(line[..space]);
            if (index >= 0 && Ascii.TryParseUInt64(line[(space + 1)..], out var value))
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

    // memory.stat keys, each with the slot of Parse's array it fills.
    private static readonly KeyTable V1Keys = new(
        ("total_cache", 0), ("total_shmem", 1), ("total_mapped_file", 2), ("total_dirty", 3), ("total_writeback", 4),
        ("total_swapcached", 5), ("total_rss_huge", 6), ("total_active_anon", 7), ("total_inactive_anon", 8),
        ("total_active_file", 9), ("total_inactive_file", 10), ("total_unevictable", 11),
        ("hierarchical_memory_limit", 15), ("hierarchical_memsw_limit", 16));

    private static readonly KeyTable V2Keys = new(
        ("file", 0), ("shmem", 1), ("file_mapped", 2), ("file_dirty", 3), ("file_writeback", 4), ("swapcached", 5),
        ("anon_thp", 6), ("active_anon", 7), ("inactive_anon", 8), ("active_file", 9), ("inactive_file", 10),
        ("unevictable", 11), ("slab", 12), ("slab_reclaimable", 13), ("slab_unreclaimable", 14), ("zswap", 17),
        ("zswapped", 18));
}
