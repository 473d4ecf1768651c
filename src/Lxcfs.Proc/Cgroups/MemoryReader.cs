using Lxcfs.Proc.IO;

namespace Lxcfs.Proc.Cgroups;

/// <summary>Reads a <see cref="MemorySnapshot"/> from a memory cgroup directory (v1 or v2).</summary>
public static class MemoryReader
{
    private const int DefaultSwappiness = 60;

    /// <param name="cgroup">the container's memory cgroup</param>
    /// <param name="v2Limits">v2: limits read earlier by <see cref="ReadV2Limits"/>; read now when null (ignored on v1,
    /// whose limits come with <c>memory.stat</c>)</param>
    /// <param name="includeSwap">false when no swap can be shown (none on the host, or <c>-u</c>): the swap
    /// files are not read and the snapshot says the cgroup has no swap accounting, which renders the same zeros</param>
    public static MemorySnapshot Read(CgroupDirectory cgroup, MemoryLimits? v2Limits = null, bool includeSwap = true) =>
        cgroup.IsUnified ? ReadV2(cgroup, v2Limits ?? ReadV2Limits(cgroup), includeSwap) : ReadV1(cgroup, includeSwap);

    /// <summary>The v2 limits over the cgroup and its ancestors.</summary>
    public static MemoryLimits ReadV2Limits(CgroupDirectory cgroup)
    {
        var limit = CgroupFiles.MinimumOverAncestors(cgroup, "memory.max");
        var swapLimit = CgroupFiles.TryReadLimit(cgroup.File("memory.swap.current")) is null
            ? (ulong?)null
            : CgroupFiles.MinimumOverAncestors(cgroup, "memory.swap.max");
        return new MemoryLimits(limit, swapLimit);
    }

    private static MemorySnapshot ReadV1(CgroupDirectory cgroup, bool includeSwap)
    {
        var usage = CgroupFiles.ReadNumber(cgroup.File("memory.usage_in_bytes"));
        var stat = ReadStat(cgroup, unified: false);

        // The kernel already keeps the minimum over the ancestors in memory.stat: one read instead of a walk.
        var limit = stat.HierarchicalLimit > 0 ? stat.HierarchicalLimit : CgroupFiles.MinimumOverAncestors(cgroup, "memory.limit_in_bytes");
        if (!includeSwap)
        {
            return new MemorySnapshot(limit, usage, null, 0, DefaultSwappiness, stat);
        }

        ulong? swapLimit = null;
        ulong swapUsage = 0;
        if (CgroupFiles.TryReadLimit(cgroup.File("memory.memsw.usage_in_bytes")) is { } memswUsage)
        {
            var memswLimit = stat.HierarchicalMemswLimit > 0 ? stat.HierarchicalMemswLimit : CgroupFiles.MinimumOverAncestors(cgroup, "memory.memsw.limit_in_bytes");
            swapLimit = memswLimit > limit ? memswLimit - limit : 0;
            swapUsage = memswUsage > usage ? memswUsage - usage : 0;
        }

        var swappiness = CgroupFiles.TryReadLimit(cgroup.File("memory.swappiness")) is { } s ? (int)Math.Min(s, 200) : DefaultSwappiness;
        return new MemorySnapshot(limit, usage, swapLimit, swapUsage, swappiness, stat);
    }

    private static MemorySnapshot ReadV2(CgroupDirectory cgroup, MemoryLimits limits, bool includeSwap)
    {
        var usage = CgroupFiles.ReadNumber(cgroup.File("memory.current"));
        var stat = ReadStat(cgroup, unified: true);
        var swapLimit = includeSwap ? limits.SwapLimit : null;
        var swapUsage = swapLimit is null ? 0 : CgroupFiles.TryReadLimit(cgroup.File("memory.swap.current")) ?? 0;
        return new MemorySnapshot(limits.Limit, usage, swapLimit, swapUsage, DefaultSwappiness, stat);
    }

    private static MemoryStat ReadStat(CgroupDirectory cgroup, bool unified)
    {
        using var text = HostFile.Read(cgroup.File("memory.stat"));
        return MemoryStat.Parse(text.WrittenSpan, unified);
    }
}
