using Lxcfs.Proc.Cgroups;

namespace Lxcfs.Proc.Containers;

/// <summary>A caller's container: its init process and the cgroups the views read.</summary>
public sealed record Container(InitProcess Init, CgroupPaths Paths)
{
    /// <summary>
    /// The container's cgroup for <paramref name="controller"/>; null when the hierarchy is not mounted or the
    /// process sits in the root cgroup, whose figures are the host's own.
    /// </summary>
    public CgroupDirectory? Locate(CgroupLayout layout, string controller) =>
        CgroupDirectory.Locate(layout, Paths, controller) is { } dir && dir.Path != dir.MountPoint ? dir : null;

    /// <summary>
    /// The container's cgroup in the unified (v2) hierarchy, on pure v2 and hybrid hosts alike (pressure files
    /// live there whatever the v1 controllers do); null without one, or in its root.
    /// </summary>
    public CgroupDirectory? LocateUnified(CgroupLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return layout.Unified is { } mount && Paths.Unified is { } path && mount.DirectoryOf(path) is { } directory && directory != mount.MountPoint
            ? new CgroupDirectory(directory, mount.MountPoint, IsUnified: true)
            : null;
    }
}
