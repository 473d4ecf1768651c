namespace Lxcfs.Proc.Cgroups;

/// <summary>A cgroup's directory in one mounted hierarchy, with a way to walk to the hierarchy root.</summary>
/// <param name="Path">the cgroup's directory</param>
/// <param name="MountPoint">the hierarchy's mount point (the topmost directory of the walk)</param>
/// <param name="IsUnified">cgroup2</param>
public sealed record CgroupDirectory(string Path, string MountPoint, bool IsUnified)
{
    public string File(string name) => Path + "/" + name;

    /// <summary>The cgroup itself, then each ancestor up to and including the mount point.</summary>
    public IEnumerable<string> SelfAndAncestors()
    {
        var current = Path;
        while (true)
        {
            yield return current;
            if (current.Length <= MountPoint.Length)
            {
                yield break;
            }

            var slash = current.LastIndexOf('/');
            if (slash < MountPoint.Length)
            {
                yield break;
            }

            current = current[..slash];
        }
    }

    public static CgroupDirectory? Locate(CgroupLayout layout, CgroupPaths paths, string controller)
    {
        var mount = layout.MountFor(controller);
        var path = mount is null ? null : paths.PathFor(controller, mount);
        var directory = path is null ? null : mount!.DirectoryOf(path);
        return directory is null ? null : new CgroupDirectory(directory, mount!.MountPoint, mount.IsUnified);
    }
}
