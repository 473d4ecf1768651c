using Lxcfs.Fuse.FileSystem;
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

            directory.Add(new FsFile(parts[^1], (caller, output) => views.Render(file, caller.Pid, output)));
        }

        return new FsTree(root);
    }
}
