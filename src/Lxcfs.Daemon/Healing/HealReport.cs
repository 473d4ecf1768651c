namespace Lxcfs.Daemon.Healing;

/// <summary>What one healing pass did.</summary>
/// <param name="NamespacesScanned">mount namespaces looked at (one process each; the daemon's own is skipped)</param>
/// <param name="ContainersHealed">namespaces in which at least one dead mount was replaced</param>
/// <param name="MountsHealed">dead LXCFS mounts replaced by a bind of the fresh file</param>
/// <param name="MountsFailed">dead LXCFS mounts that could not be replaced (each is logged)</param>
/// <param name="MountsOfOthers">LXCFS mounts of connections that never served this mount point, left alone unprobed</param>
/// <param name="Elapsed">wall time of the pass</param>
public sealed record HealReport(int NamespacesScanned, int ContainersHealed, int MountsHealed, int MountsFailed, int MountsOfOthers, TimeSpan Elapsed);
