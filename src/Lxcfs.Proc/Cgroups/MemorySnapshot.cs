namespace Lxcfs.Proc.Cgroups;

/// <summary>A container's memory cgroup, read once per render. All values in bytes.</summary>
/// <param name="Limit">minimum of the memory limits over the cgroup and its ancestors (<see cref="ulong.MaxValue"/>: none)</param>
/// <param name="Usage">the cgroup's memory usage (page cache included)</param>
/// <param name="SwapLimit">swap the cgroup may use (v1: memsw − memory limit), null without swap accounting</param>
/// <param name="SwapUsage">swap in use (v1: memsw − memory usage)</param>
/// <param name="Swappiness">v1 <c>memory.swappiness</c>; 0 means the cgroup does not swap</param>
/// <param name="Stat">the parsed <c>memory.stat</c></param>
public sealed record MemorySnapshot(ulong Limit, ulong Usage, ulong? SwapLimit, ulong SwapUsage, int Swappiness, MemoryStat Stat);
