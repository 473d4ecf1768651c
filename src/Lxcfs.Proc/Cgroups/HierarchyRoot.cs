using System.Collections.Concurrent;

namespace Lxcfs.Proc.Cgroups;

/// <summary>
/// Whether a hierarchy's mount point shows the kernel's root cgroup, which never carries a CPU quota: v1
/// refuses one on the root task group and v2 has no <c>cpu.max</c> there. A mount inside a cgroup
/// namespace, or of a sub-tree, shows an ordinary cgroup at its mount point, which may have one.
/// Decided once per mount point from files the kernel puts only on the root (v1: <c>cgroup.sane_behavior</c>)
/// or on every cgroup but the root (v2: <c>cgroup.type</c>).
/// </summary>
internal static class HierarchyRoot
{
    private static readonly ConcurrentDictionary<(string MountPoint, bool Unified), bool> s_known = new();

    public static bool IsKernelRoot(string mountPoint, bool unified) =>
        s_known.GetOrAdd((mountPoint, unified), static key => key.Unified
            ? File.Exists(key.MountPoint + "/cgroup.procs") && !File.Exists(key.MountPoint + "/cgroup.type")
            : File.Exists(key.MountPoint + "/cgroup.sane_behavior"));
}
