using Lxcfs.Proc.Cgroups;

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

    public bool TryGet(ReadOnlySpan<byte> key, out ulong kb)
    {
        kb = key switch
        {
            _ when key.SequenceEqual("MemTotal"u8) => Total,
            _ when key.SequenceEqual("MemFree"u8) => Free,
            _ when key.SequenceEqual("MemAvailable"u8) => Available,
            _ when key.SequenceEqual("Buffers"u8) => 0,
            _ when key.SequenceEqual("Cached"u8) => Stat.Cache / 1024,
            _ when key.SequenceEqual("SwapCached"u8) => Stat.SwapCached / 1024,
            _ when key.SequenceEqual("Active"u8) => (Stat.ActiveAnon + Stat.ActiveFile) / 1024,
            _ when key.SequenceEqual("Inactive"u8) => (Stat.InactiveAnon + Stat.InactiveFile) / 1024,
            _ when key.SequenceEqual("Active(anon)"u8) => Stat.ActiveAnon / 1024,
            _ when key.SequenceEqual("Inactive(anon)"u8) => Stat.InactiveAnon / 1024,
            _ when key.SequenceEqual("Active(file)"u8) => Stat.ActiveFile / 1024,
            _ when key.SequenceEqual("Inactive(file)"u8) => Stat.InactiveFile / 1024,
            _ when key.SequenceEqual("Unevictable"u8) => Stat.Unevictable / 1024,
            _ when key.SequenceEqual("Dirty"u8) => Stat.Dirty / 1024,
            _ when key.SequenceEqual("Writeback"u8) => Stat.Writeback / 1024,
            _ when key.SequenceEqual("AnonPages"u8) => AnonPages(Stat) / 1024,
            _ when key.SequenceEqual("Mapped"u8) => Stat.Mapped / 1024,
            _ when key.SequenceEqual("Shmem"u8) => Stat.Shmem / 1024,
            _ when key.SequenceEqual("Slab"u8) => Stat.Slab / 1024,
            _ when key.SequenceEqual("SReclaimable"u8) => Stat.SlabReclaimable / 1024,
            _ when key.SequenceEqual("SUnreclaim"u8) => Stat.SlabUnreclaimable / 1024,
            _ when key.SequenceEqual("AnonHugePages"u8) => Stat.AnonHuge / 1024,
            _ when key.SequenceEqual("ShmemHugePages"u8) => 0,
            _ when key.SequenceEqual("ShmemPmdMapped"u8) => 0,
            _ when key.SequenceEqual("SwapTotal"u8) => Swap,
            _ when key.SequenceEqual("SwapFree"u8) => SwapFree,
            // The container's own on v2 (LXCFS 7.0); the host's would be a leak, so 0 where the cgroup has none.
            _ when key.SequenceEqual("Zswap"u8) => Stat.Zswap / 1024,
            _ when key.SequenceEqual("Zswapped"u8) => Stat.Zswapped / 1024,
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
