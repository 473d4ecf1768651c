namespace Lxcfs.Proc.Containers;

/// <summary>The process whose cgroups stand for a caller's container.</summary>
/// <param name="Pid">its pid in the daemon's pid namespace</param>
/// <param name="StartTime">field 22 of its stat, in clock ticks: validates cache entries against pid reuse</param>
/// <param name="Namespace">inode of the caller's pid namespace</param>
/// <param name="NamespaceDepth">how deep the caller's pid namespace is (1 = the daemon's)</param>
/// <param name="IsDaemonNamespace">the caller shares the daemon's pid namespace, so <see cref="Pid"/> is the caller itself</param>
public sealed record InitProcess(int Pid, ulong StartTime, ulong Namespace, int NamespaceDepth, bool IsDaemonNamespace);
