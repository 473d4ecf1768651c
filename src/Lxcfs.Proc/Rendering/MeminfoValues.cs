using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Rendering;

/// <summary>The container's meminfo figures in kB, derived once from the snapshot.</summary>
public readonly record struct MeminfoValues(
    ulong Total, ulong Free, ulong Available, ulong Swap, ulong SwapFree, MemoryStat Stat)
{
    public static MeminfoValues Compute(ReadOnlySpan<byte> hostMeminfo, MemorySnapshot memory, bool disableSwap)
    {
        var hostTotal = MeminfoRenderer.HostKb(hostMeminfo, "MemTotal:"u8);
        var total = Math.Min(memory.Limit / 1024, hostTotal);
        var usage = memory.Usage / 1024;
        var free = total > usage ? total - usage : 0;
        var stat = memory.Stat;
        var reclaimable = (stat.ActiveFile + stat.InactiveFile + stat.SlabReclaimable) / 1024;
        var available = Math.Min(total, free + reclaimable);
        var (swap, swapFree) = SwapKb(hostMeminfo, memory, disableSwap);
        return new MeminfoValues(total, free, available, swap, swapFree, stat);
    }

    /// <summary>SwapTotal and SwapFree: the swap the cgroup may use, capped at the host's; 0 with <c>-u</c> or without accounting.</summary>
    public static (ulong Total, ulong Free) SwapKb(ReadOnlySpan<byte> hostMeminfo, MemorySnapshot memory, bool disableSwap)
    {
        if (disableSwap || memory.SwapLimit is not { } limit)
        {
            return (0, 0);
        }

        var used = memory.SwapUsage / 1024;
        var total = Math.Min(limit / 1024, MeminfoRenderer.HostKb(hostMeminfo, "SwapTotal:"u8));
        if (memory.Swappiness == 0)
        {
            total = Math.Min(total, used);
        }

        return (total, total > used ? total - used : 0);
    }

    // The lines of /proc/meminfo a container's figure replaces.
    private enum Line
    {
        MemTotal,
        MemFree,
        MemAvailable,
        Buffers,
        Cached,
        SwapCached,
        Active,
        Inactive,
        ActiveAnon,
        InactiveAnon,
        ActiveFile,
        InactiveFile,
        Unevictable,
        Dirty,
        Writeback,
        AnonPages,
        Mapped,
        Shmem,
        Slab,
        SReclaimable,
        SUnreclaim,
        AnonHugePages,
        ShmemHugePages,
        ShmemPmdMapped,
        SwapTotal,
        SwapFree,
        Zswap,
        Zswapped,
    }

    private static readonly KeyTable Keys = new(
        ("MemTotal", (int)Line.MemTotal), ("MemFree", (int)Line.MemFree), ("MemAvailable", (int)Line.MemAvailable),
        ("Buffers", (int)Line.Buffers), ("Cached", (int)Line.Cached), ("SwapCached", (int)Line.SwapCached),
        ("Active", (int)Line.Active), ("Inactive", (int)Line.Inactive), ("Active(anon)", (int)Line.ActiveAnon),
        ("Inactive(anon)", (int)Line.InactiveAnon), ("Active(file)", (int)Line.ActiveFile),
        ("Inactive(file)", (int)Line.InactiveFile), ("Unevictable", (int)Line.Unevictable),
        ("Dirty", (int)Line.Dirty), ("Writeback", (int)Line.Writeback), ("AnonPages", (int)Line.AnonPages),
        ("Mapped", (int)Line.Mapped), ("Shmem", (int)Line.Shmem), ("Slab", (int)Line.Slab),
        ("SReclaimable", (int)Line.SReclaimable), ("SUnreclaim", (int)Line.SUnreclaim),
        ("AnonHugePages", (int)Line.AnonHugePages), ("ShmemHugePages", (int)Line.ShmemHugePages),
        ("ShmemPmdMapped", (int)Line.ShmemPmdMapped), ("SwapTotal", (int)Line.SwapTotal),
        ("SwapFree", (int)Line.SwapFree), ("Zswap", (int)Line.Zswap), ("Zswapped", (int)Line.Zswapped));

    public bool TryGet(ReadOnlySpan<byte> key, out ulong kb)
    {
        kb = (Line)Keys.Find(key) switch
        {
            Line.MemTotal => Total,
            Line.MemFree => Free,
            Line.MemAvailable => Available,
            Line.Buffers => 0,
            Line.Cached => Stat.Cache / 1024,
            Line.SwapCached => Stat.SwapCached / 1024,
            Line.Active => (Stat.ActiveAnon + Stat.ActiveFile) / 1024,
            Line.Inactive => (Stat.InactiveAnon + Stat.InactiveFile) / 1024,
            Line.ActiveAnon => Stat.ActiveAnon / 1024,
            Line.InactiveAnon => Stat.InactiveAnon / 1024,
            Line.ActiveFile => Stat.ActiveFile / 1024,
            Line.InactiveFile => Stat.InactiveFile / 1024,
            Line.Unevictable => Stat.Unevictable / 1024,
            Line.Dirty => Stat.Dirty / 1024,
            Line.Writeback => Stat.Writeback / 1024,
            Line.AnonPages => AnonPages(Stat) / 1024,
            Line.Mapped => Stat.Mapped / 1024,
            Line.Shmem => Stat.Shmem / 1024,
            Line.Slab => Stat.Slab / 1024,
            Line.SReclaimable => Stat.SlabReclaimable / 1024,
            Line.SUnreclaim => Stat.SlabUnreclaimable / 1024,
            Line.AnonHugePages => Stat.AnonHuge / 1024,
            Line.ShmemHugePages => 0,
            Line.ShmemPmdMapped => 0,
            Line.SwapTotal => Swap,
            Line.SwapFree => SwapFree,
            // The container's own on v2 (LXCFS 7.0); the host's would be a leak, so 0 where the cgroup has none.
            Line.Zswap => Stat.Zswap / 1024,
            Line.Zswapped => Stat.Zswapped / 1024,
            _ => ulong.MaxValue,
        };
        return kb != ulong.MaxValue;
    }

    // Shmem sits on the anon LRU lists but is not anonymous memory; lxcfs subtracts without a floor.
    private static ulong AnonPages(MemoryStat s)
    {
        var anon = s.ActiveAnon + s.InactiveAnon;
        return anon > s.Shmem ? anon - s.Shmem : 0;
    }
}
