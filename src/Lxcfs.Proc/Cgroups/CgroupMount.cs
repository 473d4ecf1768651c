namespace Lxcfs.Proc.Cgroups;

/// <summary>One mounted hierarchy.</summary>
/// <param name="MountPoint">where it is mounted, without a trailing slash</param>
/// <param name="Root">the hierarchy path shown at the mount point (field 4 of mountinfo, normally "/")</param>
/// <param name="IsUnified">cgroup2</param>
public sealed record CgroupMount(string MountPoint, string Root, bool IsUnified)
{
    /// <summary>
    /// The directory of the cgroup <paramref name="path"/> (as in <c>/proc/&lt;pid&gt;/cgroup</c>), or null
    /// when that cgroup lies outside what this mount shows (then the caller gets the host's files).
    /// </summary>
    public string? DirectoryOf(string path)
    {
        // A reader in a private cgroup namespace sees other containers as "/../../x": not under this mount.
        if (path.Contains("/..", StringComparison.Ordinal) || !path.StartsWith('/'))
        {
            return null;
        }

        if (Root != "/")
        {
            if (path != Root && !path.StartsWith(Root + "/", StringComparison.Ordinal))
            {
                return null;
            }

            path = path[Root.Length..];
        }

        var relative = path.Trim('/');
        return relative.Length == 0 ? MountPoint : MountPoint + "/" + relative;
    }
}
