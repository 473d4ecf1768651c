namespace Lxcfs.Proc.Cgroups;

/// <summary>
/// A cgroup v2 container's memory limits: the minimum of <c>memory.max</c> and of <c>memory.swap.max</c> over
/// the cgroup and its ancestors, which take two files per level to find and change far less often than usage.
/// </summary>
/// <param name="Limit">bytes; <see cref="ulong.MaxValue"/> when no level sets one</param>
/// <param name="SwapLimit">bytes; null without swap accounting (no <c>memory.swap.current</c>)</param>
public sealed record MemoryLimits(ulong Limit, ulong? SwapLimit);
