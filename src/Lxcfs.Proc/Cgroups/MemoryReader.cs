using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Cgroups;

/// <summary>Reads a <see cref="MemorySnapshot"/> from a memory cgroup directory (v1 or v2).</summary>
public static class MemoryReader
{
    private const int DefaultSwappiness = 60;

    public static MemorySnapshot Read(CgroupDirectory cgroup) => cgroup.IsUnified ? ReadV2(cgroup) : ReadV1(cgroup);

    private static MemorySnapshot ReadV1(CgroupDirectory cgroup)
    {
        var usage = CgroupFiles.ReadNumber(cgroup.File("memory.usage_in_bytes"));
        var stat = ReadStat(cgroup, unified: false);

        // The kernel already keeps the minimum over the ancestors in memory.stat: one read instead of a walk.
        var limit = stat.HierarchicalLimit > 0 ? stat.HierarchicalLimit : CgroupFiles.MinimumOverAncestors(cgroup, "memory.limit_in_bytes");
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

    private static MemorySnapshot ReadV2(CgroupDirectory cgroup)
    {
        var usage = CgroupFiles.ReadNumber(cgroup.File("memory.current"));
        var limit = CgroupFiles.MinimumOverAncestors(cgroup, "memory.max");
        var stat = ReadStat(cgroup, unified: true);
        ulong? swapLimit = null;
        ulong swapUsage = 0;
        if (CgroupFiles.TryReadLimit(cgroup.File("memory.swap.current")) is { } current)
        {
            swapLimit = CgroupFiles.MinimumOverAncestors(cgroup, "memory.swap.max");
            swapUsage = current;
        }

        return new MemorySnapshot(limit, usage, swapLimit, swapUsage, DefaultSwappiness, stat);
    }

    private static MemoryStat ReadStat(CgroupDirectory cgroup, bool unified)
    {
        using var text = PooledBuffer.ReadFile(cgroup.File("memory.stat"));
        return MemoryStat.Parse(text.WrittenSpan, unified);
    }
}
