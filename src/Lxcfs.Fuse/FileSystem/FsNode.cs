using System.Text;

namespace Lxcfs.Fuse.FileSystem;

/// <summary>A node of the read-only tree. Node ids are assigned once, when the tree is frozen.</summary>
public abstract class FsNode
{
    private protected FsNode(string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a valid file name", nameof(name));
        }

        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
    }

    public string Name { get; }

    internal byte[] Utf8Name { get; }

    public FsDirectory? Parent { get; internal set; }

    /// <summary>The FUSE node id (and inode number); 1 is the root. 0 until the tree is frozen.</summary>
    public ulong NodeId { get; internal set; }

    public abstract bool IsDirectory { get; }

    /// <summary>The path below the mount point, without a leading slash.</summary>
    public string Path => Parent is null ? string.Empty : Parent.Parent is null ? Name : Parent.Path + "/" + Name;
}
