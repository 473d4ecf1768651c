using Lxcfs.Buffers;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Proc.IO;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Hosting;

/// <summary>The tree LXCFS serves: every view file at its path, rendered per caller by a view source.</summary>
public static class LxcfsTree
{
    public static FsTree Build(IViewSource views)
    {
        ArgumentNullException.ThrowIfNull(views);
        var root = FsTree.NewRoot();
        foreach (var file in ViewPaths.All)
        {
            var parts = ViewPaths.RelativePath(file).Split('/');
            var directory = root;
            foreach (var part in parts[..^1])
            {
                directory = directory.Directory(part);
            }

            var hostPath = ViewPaths.HostPath(file);
            directory.Add(new FsFile(parts[^1], (caller, output) => views.Render(file, caller.Pid, output), () => HostLength(hostPath)));
        }

        return new FsTree(root);
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
