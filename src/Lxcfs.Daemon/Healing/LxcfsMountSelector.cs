using Lxcfs.Fuse.Session;

namespace Lxcfs.Daemon.Healing;

/// <summary>
/// Picks, from one namespace's mountinfo, the mounts that come from an LXCFS instance: pure, so tests
/// feed it text. Whether such a mount is dead is a question for the kernel, asked by the caller.
/// </summary>
public static class LxcfsMountSelector
{
    /// <summary>
    /// The topmost LXCFS mount at each mount point, in mountinfo order. A point where something else is
    /// stacked on top of an LXCFS mount is left alone: what the processes see there is not LXCFS.
    /// </summary>
    public static IReadOnlyList<LxcfsBindMount> Select(string mountinfo)
    {
        ArgumentNullException.ThrowIfNull(mountinfo);
        var topmost = new Dictionary<string, (int Order, LxcfsBindMount? Mount)>(StringComparer.Ordinal);
        var order = 0;
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (MountTable.Parse(line) is not [var entry])
            {
                continue;
            }

            var mount = IsLxcfs(entry) ? new LxcfsBindMount(entry.Root, entry.MountPoint, IsReadOnly(line), entry.Device) : null;
            topmost[entry.MountPoint] = (order++, mount);
        }

        return [.. topmost.Values.Where(v => v.Mount is not null).OrderBy(v => v.Order).Select(v => v.Mount!)];
    }

    /// <summary>LXCFS mounts show as <c>fuse.lxcfs</c>; a libfuse built without subtype support shows <c>fuse</c> with source <c>lxcfs</c>.</summary>
    public static bool IsLxcfs(MountEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.FsType == "fuse.lxcfs" || (entry.FsType == "fuse" && entry.Source == "lxcfs");
    }

    // Field 6 holds the per-mount options ("ro,nosuid,..."); the superblock's options after " - " do not
    // say whether this particular bind is read-only.
    private static bool IsReadOnly(string line)
    {
        var fields = line.Split(' ');
        return fields.Length > 5 && fields[5].Split(',').Contains("ro", StringComparer.Ordinal);
    }
}
