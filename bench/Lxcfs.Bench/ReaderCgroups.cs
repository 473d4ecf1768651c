namespace Lxcfs.Bench;

/// <summary>
/// Where this process sits, as the daemon sees a caller: its cgroup directory per controller (null in a
/// hierarchy's root, whose figures are the host's own, or where the controller is not mounted) and whether
/// it is in the host's pid namespace. A v1 controller is found in its own hierarchy; where none has it
/// (pure cgroup v2), in the unified one.
/// </summary>
internal sealed class ReaderCgroups
{
    private readonly Dictionary<string, string> _v1 = new(StringComparer.Ordinal);
    private string? _unified;

    private ReaderCgroups()
    {
    }

    /// <summary>True in the host's pid namespace: the daemon then serves the host's own uptime.</summary>
    public bool InHostPidNamespace { get; private init; }

    /// <summary>The directory and whether it is in the unified hierarchy, for a v1 controller name.</summary>
    public (string Dir, bool Unified)? Locate(string controller) =>
        _v1.TryGetValue(controller, out var dir) ? (dir, false) : _unified is { } unified && !HasV1Hierarchies ? (unified, true) : null;

    private bool HasV1Hierarchies { get; set; }

    public static ReaderCgroups OfThisProcess()
    {
        // Without a mount namespace of its own the reader sees the host's procfs, whose pid 1 is the host's init.
        var result = new ReaderCgroups
        {
            InHostPidNamespace = new FileInfo("/proc/self/ns/pid").LinkTarget == new FileInfo("/proc/1/ns/pid").LinkTarget,
        };
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(MountOf).OfType<(string Type, string Root, string Point, string[] Options)>().ToList();
        foreach (var line in File.ReadAllLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            var (controllers, path) = (parts[1], parts[2]);
            if (controllers.Length == 0)
            {
                result._unified = Below(mounts.FirstOrDefault(m => m.Type == "cgroup2").Point, path);
                continue;
            }

            foreach (var controller in controllers.Split(','))
            {
                result.HasV1Hierarchies |= controller is "memory" or "cpu" or "cpuacct" or "blkio";
                var mount = mounts.FirstOrDefault(m => m.Type == "cgroup" && m.Options.Contains(controller));
                if (Below(mount.Point, path) is { } dir)
                {
                    result._v1[controller] = dir;
                }
            }
        }

        return result;
    }

    // The cgroup's directory under a hierarchy mounted at its root; null for the root cgroup itself.
    private static string? Below(string? mountPoint, string path) =>
        mountPoint is null || path == "/" ? null : mountPoint + path;

    // mountinfo: ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER_OPTIONS
    private static (string, string, string, string[])? MountOf(string line)
    {
        var fields = line.Split(' ');
        var separator = Array.IndexOf(fields, "-");
        return separator < 5 || separator + 3 >= fields.Length || fields[3] != "/"
            ? null
            : (fields[separator + 1], fields[3], fields[4], fields[separator + 3].Split(','));
    }
}
