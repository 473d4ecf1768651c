using Lxcfs.Buffers;
using Lxcfs.Daemon.Metrics;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Proc.IO;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Hosting;

/// <summary>The tree LXCFS serves: every view file at its path, rendered per caller by a view source.</summary>
public static class LxcfsTree
{
    /// <summary>
    /// The ids the first release gave its eight files (depth-first in its enum's order). A predecessor of
    /// that release sent no node table, so these say what its ids meant; and every tree built afresh keeps
    /// them, so an instance of any version can still hand off to that release (rollback) in its format.
    /// </summary>
    public static IReadOnlyList<NodeIdentity> FirstReleaseNodes { get; } =
    [
        new(1, string.Empty, true),
        new(2, "proc", true),
        new(3, "sys", true),
        new(4, "proc/cpuinfo", false),
        new(5, "proc/diskstats", false),
        new(6, "proc/loadavg", false),
        new(7, "proc/meminfo", false),
        new(8, "proc/stat", false),
        new(9, "proc/swaps", false),
        new(10, "proc/uptime", false),
        new(11, "sys/devices", true),
        new(12, "sys/devices/system", true),
        new(13, "sys/devices/system/cpu", true),
        new(14, "sys/devices/system/cpu/online", false),
    ];

    /// <summary>The served directories and files, not yet numbered (<see cref="Number"/>).</summary>
    /// <param name="omitted">paths left out (to test upgrades between versions that serve different files)</param>
    /// <param name="metrics">counts each file's reads; null when metrics are off</param>
    public static FsDirectory Build(IViewSource views, IReadOnlyCollection<string>? omitted = null, DaemonMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(views);
        var root = FsTree.NewRoot();
        foreach (var served in ServedFiles.All)
        {
            var (file, relative) = (served.File, served.Path);
            if (omitted?.Contains(relative) == true)
            {
                continue;
            }

            var parts = relative.Split('/');
            var directory = root;
            foreach (var part in parts[..^1])
            {
                directory = directory.Directory(part);
            }

            var hostPath = served.HostPath;
            directory.Add(new FsFile(parts[^1], (caller, output) => views.Render(file, caller.Pid, output), () => HostLength(hostPath)) { RootOnly = served.RootOnly, Meter = metrics?.ReadMeter(file) });
        }

        return root;
    }

    /// <summary>
    /// Numbers the tree: keeping a predecessor's ids (null: it spoke the first format), or the first
    /// release's when mounting afresh.
    /// </summary>
    public static FsTree Number(FsDirectory root, IReadOnlyList<NodeIdentity>? predecessor) => new(root, predecessor ?? FirstReleaseNodes);

    /// <summary>
    /// Whether an instance of the first release, which numbers its own tree and reads no node table, would
    /// mean by every id of <paramref name="tree"/> what this tree means.
    /// </summary>
    public static bool FirstReleaseAgrees(FsTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var firstIds = FirstReleaseNodes.ToDictionary(n => n.NodeId);
        var highestFirstId = firstIds.Keys.Max();
        return tree.Identities.All(node => firstIds.TryGetValue(node.NodeId, out var first) ? first == node : node.NodeId > highestFirstId);
    }

    /// <summary>
    /// A file's size is the host file's current length, as LXCFS reports it: a container's view is never
    /// longer (fewer CPUs, smaller numbers), so sendfile, which stops at the size, copies all of it.
    /// </summary>
    private static ulong HostLength(string hostPath)
    {
        using var buffer = new PooledBufferWriter(4096);
        return HostFile.TryCopyTo(hostPath, buffer, out var length) == 0 ? (ulong)length : 0;
    }
}
