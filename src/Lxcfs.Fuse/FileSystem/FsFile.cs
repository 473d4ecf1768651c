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
    public FsFile(string name, FileRenderer render)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(render);
        Render = render;
    }

    public override bool IsDirectory => false;

    public FileRenderer Render { get; }
}
