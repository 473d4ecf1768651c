using System.Buffers;

namespace Lxcfs.Fuse.FileSystem;

/// <summary>Produces a file's whole content for one caller.</summary>
public delegate void FileRenderer(FuseCaller caller, IBufferWriter<byte> output);

/// <summary>
/// A read-only file whose content is rendered per request, at the read at offset 0 of each open
/// handle; later reads of that handle continue in the same snapshot.
/// </summary>
public sealed class FsFile : FsNode
{
    /// <param name="name">the file name</param>
    /// <param name="render">produces the content per caller</param>
    /// <param name="size">the size <c>stat</c> reports; must not depend on the caller (the kernel shares attributes); 0 when null</param>
    public FsFile(string name, FileRenderer render, Func<ulong>? size = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(render);
        Render = render;
        Size = size;
    }

    public override bool IsDirectory => false;

    public FileRenderer Render { get; }

    public Func<ulong>? Size { get; }

    /// <summary>Mode 0400 and only uid 0 may open it, like the kernel's <c>/proc/slabinfo</c>; 0444 otherwise.</summary>
    public bool RootOnly { get; init; }

    /// <summary>Counts the file's reads; null when metrics are off, which leaves one branch per read.</summary>
    public IReadMeter? Meter { get; init; }
}
