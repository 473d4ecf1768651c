namespace Lxcfs.CgroupV2.Tests;

/// <summary>
/// Where Debian's lxcfs 5.0.3 is wrong on a pure cgroup v2 host and our daemon is deliberately
/// different (shared/docs/lxcfs-behaviour.md sections 0.2, 2.3, 3.1, 3.4, 3.5, 3.7). Each entry is
/// pinned both ways by the tests: our value matches the cgroup, lxcfs's does not.
/// </summary>
public static class KnownDifferences
{
    /// <summary>The scenarios whose cpu.max allows fewer CPUs than their cpuset.</summary>
    private static readonly HashSet<string> s_quotaBelowCpuset = ["cgfs-ctr-mem", "sd-cpu-1.5", "cgfs-cgns"];

    /// <summary>The scenario whose cpuset does not start at CPU 0.</summary>
    private const string CpusetNotFromZero = "cgfs-cpuset-1";

    /// <summary>The scenario whose only cpu.max is on the pod cgroup.</summary>
    private const string PodQuotaOnly = "cgfs-cgns";

    private static readonly Difference[] s_all =
    [
        new("stat", "cpuN busy ticks = cpu.stat usage", _ => true,
            "lxcfs never reads cpu.stat: on v2 its per-CPU lines are the host's (lxc/lxcfs#593)"),
        new("uptime", "idle", _ => true,
            "lxcfs takes busy time from cpuacct, which v2 lacks, so idle equals uptime", Pin.IdleEqualsUptime),
        new("diskstats", "vda reads", _ => true, "lxcfs knows only blkio.*_recursive; on v2 diskstats is the host's (lxc/lxcfs#653)"),
        new("diskstats", "vda sectors read", _ => true, "same: the host's diskstats on v2"),
        new("diskstats", "vda writes", _ => true, "same: the host's diskstats on v2"),
        new("diskstats", "vda sectors written", _ => true, "same: the host's diskstats on v2"),
        new("meminfo", "SwapTotal", _ => true,
            "5.0.3 looks for memory.swap.* in the v2 root, where they never exist, so it shows no swap on pure v2"),
        new("meminfo", "SwapFree", _ => true, "same: 5.0.3 shows no swap on pure v2"),
        new("swaps", "entry size", _ => true, "same: 5.0.3 shows no swap on pure v2"),
        new("tool free -b", "Swap total", _ => true, "free reads SwapTotal: 5.0.3 shows no swap on pure v2"),
        new("meminfo", "MemAvailable", _ => true,
            "5.0.x adds all of memory.stat 'file' (tmpfs/shmem included) to MemFree; we add the file LRUs and reclaimable slab, as lxcfs >= 6.0.4 does"),
        new("stat", "cpuN lines", s => s_quotaBelowCpuset.Contains(s),
            "5.0.3 caps cpuinfo and online by cpu.max but not the cpuN lines of /proc/stat"),
        new("stat", "cpuN numbers", s => s_quotaBelowCpuset.Contains(s), "same: 5.0.3 does not cap /proc/stat by cpu.max"),
        new("cpuinfo", "processors", s => s == PodQuotaOnly, "lxcfs <= 6.0 reads cpu.max of the container cgroup only, not of the pod"),
        new("cpuinfo", "processor numbers", s => s == PodQuotaOnly, "same: the pod's cpu.max is ignored"),
        new("online", "content", s => s == PodQuotaOnly, "same: the pod's cpu.max is ignored"),
        new("tool getconf", "_NPROCESSORS_ONLN", s => s == PodQuotaOnly, "getconf reads online: the pod's cpu.max is ignored"),
        new("possible", "content", s => s_quotaBelowCpuset.Contains(s) || s == CpusetNotFromZero,
            "lxcfs serves the host's possible and present (lxc/lxcfs#731): lscpu and glibc's _NPROCESSORS_CONF count the host's CPUs"),
        new("present", "content", s => s_quotaBelowCpuset.Contains(s) || s == CpusetNotFromZero, "same: the host's present"),
        new("tool getconf", "_NPROCESSORS_CONF", s => s_quotaBelowCpuset.Contains(s) || s == CpusetNotFromZero, "getconf reads possible, which lxcfs serves from the host"),
        new("pressure/cpu", "some total", _ => true, "lxcfs 5.0.3 serves no /proc/pressure (7.0 does)"),
        new("pressure/memory", "some total", _ => true, "same: no /proc/pressure in 5.0.3"),
        new("cpuinfo", "processor numbers", s => s == CpusetNotFromZero, "lxcfs renumbers the container's CPUs from 0; ours keep the ids sched_getaffinity reports (row 15)"),
        new("stat", "cpuN numbers", s => s == CpusetNotFromZero, "same: lxcfs renumbers from 0"),
        new("online", "content", s => s == CpusetNotFromZero, "same: lxcfs renumbers from 0, so taskset -c $(cat online) fails"),
    ];

    public static string? Reason(string scenario, string file, string check) => Find(scenario, file, check)?.Reason;

    public static Pin PinOf(string scenario, string file, string check) => Find(scenario, file, check)?.Pin ?? Pin.DiffersFromExpected;

    private static Difference? Find(string scenario, string file, string check) =>
        s_all.FirstOrDefault(d => d.File == file && d.Check == check && d.Applies(scenario));

    private sealed record Difference(
        string File, string Check, Func<string, bool> Applies, string Reason, Pin Pin = Pin.DiffersFromExpected);
}

/// <summary>How a documented lxcfs difference is pinned.</summary>
public enum Pin
{
    /// <summary>lxcfs's value is outside what the cgroup says (the wrong value is far off in every scenario).</summary>
    DiffersFromExpected,

    /// <summary>
    /// lxcfs's idle column equals its uptime column, exactly the documented bug. Pinned this way because
    /// cpus × age − usage can come close to age by chance (1.5 CPUs, busy container).
    /// </summary>
    IdleEqualsUptime,
}
