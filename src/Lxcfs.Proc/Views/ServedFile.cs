using Lxcfs.Buffers;
using Lxcfs.Proc.Containers;

namespace Lxcfs.Proc.Views;

/// <summary>Renders one file for one container; false means "serve the host's file" (deliberately, e.g. no such controller).</summary>
public delegate bool ContainerRenderer(ContainerViewSource views, Container container, PooledBufferWriter output);

/// <summary>One row of <see cref="ServedFiles"/>.</summary>
/// <param name="File">its key</param>
/// <param name="Path">below the mount point, which is also where it is bound in a container (<c>proc/meminfo</c>)</param>
/// <param name="Render">what a container sees</param>
public sealed record ServedFile(ViewFile File, string Path, ContainerRenderer Render)
{
    /// <summary>The host file it stands in for.</summary>
    public string HostPath => "/" + Path;

    /// <summary>Readable by root only, as the kernel's own file is (opening it as another user gives EACCES).</summary>
    public bool RootOnly { get; init; }
}
