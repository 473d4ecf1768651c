namespace Lxcfs.Proc.Cgroups;

/// <summary>CPU time a cgroup has used, in nanoseconds.</summary>
/// <param name="PerCpuUser">user time per physical CPU (index = CPU number), null when the hierarchy has no per-CPU figures (v2)</param>
/// <param name="PerCpuSystem">system time per physical CPU, like <paramref name="PerCpuUser"/></param>
/// <param name="User">total user time</param>
/// <param name="System">total system time</param>
public sealed record CpuUsage(ulong[]? PerCpuUser, ulong[]? PerCpuSystem, ulong User, ulong System)
{
    public ulong Total => User + System;
}

/// <summary>A container's CPU cgroups, read once per render.</summary>
/// <param name="Cpuset">the CPUs it may run on, ascending</param>
/// <param name="QuotaCpus">the smallest CFS quota/period over the cgroup and its ancestors, null when none is set</param>
/// <param name="Usage">CPU time used, null when not asked for or not available</param>
public sealed record CpuSnapshot(int[] Cpuset, double? QuotaCpus, CpuUsage? Usage);
