namespace Lxcfs.Bench;

/// <summary>A pseudo-file a view must read on every read; <paramref name="ToZero"/>: read until pread returns 0.</summary>
internal sealed record ForcedFile(string Path, bool ToZero = false);

/// <summary>
/// What each served file must read on every read to stay fresh (stale numbers are not served), for this
/// reader: the least any server could read, not what the daemon happens to read. A container's view reads
/// its own cgroup's files (v2 names where the reader's hierarchy is unified); the host's view (root
/// cgroups, host pid namespace) is the host's file, read afresh, except where the daemon renders it from
/// what it keeps (cpuinfo, read at most once a second; online, the CPUs it knows). Null: a file not known here.
/// </summary>
internal static class ForcedReads
{
    public static IReadOnlyList<ForcedFile>? Of(string file, ReaderCgroups reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var memory = reader.Locate("memory");
        return file switch
        {
            "proc/uptime" => reader.InHostPidNamespace ? [new("/proc/uptime")] : CpuUsage(reader),
            "proc/meminfo" => [new("/proc/meminfo"), .. memory is { } m ? MemoryFiles(m) : []],
            "proc/cpuinfo" => [],
            "proc/stat" => [new("/proc/stat"), .. CpuUsage(reader)],
            // A container's load average is sampled in the background; a host caller gets the host's file.
            "proc/loadavg" => reader.Locate("cpu") is null ? [new("/proc/loadavg")] : [],
            // Without swap on the host a container's swaps is the header alone: only meminfo says so.
            "proc/swaps" => memory is { } m
                ? [new("/proc/meminfo"), .. HostHasSwap ? [new ForcedFile("/proc/swaps", ToZero: true), .. MemoryFiles(m)] : Array.Empty<ForcedFile>()]
                : [new("/proc/swaps", ToZero: true)],
            // One pread, as the daemon reads a diskstats of under 3.5 KiB (a short read that size ends it).
            "proc/diskstats" => [new("/proc/diskstats"), .. IoFiles(reader)],
            "sys/devices/system/cpu/online" => [],
            _ => null,
        };
    }

    private static bool HostHasSwap =>
        File.ReadLines("/proc/meminfo").First(l => l.StartsWith("SwapTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] != "0";

    private static ForcedFile[] CpuUsage(ReaderCgroups reader) => reader.Locate("cpuacct") switch
    {
        { Unified: true } c => [new(c.Dir + "/cpu.stat")],
        { } c => [new(c.Dir + "/cpuacct.usage_all")],
        null => [],
    };

    private static ForcedFile[] MemoryFiles((string Dir, bool Unified) cgroup)
    {
        var (dir, unified) = cgroup;
        ForcedFile[] usage = unified ? [new(dir + "/memory.current"), new(dir + "/memory.stat")] : [new(dir + "/memory.usage_in_bytes"), new(dir + "/memory.stat")];
        ForcedFile[] swap = unified ? [new(dir + "/memory.swap.current")] : [new(dir + "/memory.memsw.usage_in_bytes"), new(dir + "/memory.swappiness")];
        return HostHasSwap ? [.. usage, .. swap] : usage;
    }

    private static ForcedFile[] IoFiles(ReaderCgroups reader) => reader.Locate("blkio") switch
    {
        { Unified: true } c => [new(c.Dir + "/io.stat")],
        { } c => [new(c.Dir + "/blkio.throttle.io_serviced_recursive"), new(c.Dir + "/blkio.throttle.io_service_bytes_recursive")],
        null => [],
    };
}
