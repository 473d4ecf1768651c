namespace Lxcfs.Fuse.FileSystem;

/// <summary>A directory of the read-only tree; its entries are listed in the order they were added.</summary>
public sealed class FsDirectory : FsNode
{
    internal const string RootName = "root";

    private readonly List<FsNode> _children = [];

    public FsDirectory(string name)
        : base(name)
    {
    }

    public override bool IsDirectory => true;

    public IReadOnlyList<FsNode> Children => _children;

    public T Add<T>(T child)
        where T : FsNode
    {
        ArgumentNullException.ThrowIfNull(child);
        if (child.Parent is not null)
        {
            throw new InvalidOperationException($"'{child.Name}' already belongs to '{child.Parent.Name}'");
        }

        if (_children.Exists(c => c.Name == child.Name))
        {
            throw new InvalidOperationException($"'{Name}' already has an entry '{child.Name}'");
        }

        child.Parent = this;
        _children.Add(child);
        return child;
    }

    /// <summary>Finds a child by its name as the kernel sends it (UTF-8, no terminator).</summary>
    public FsNode? Find(ReadOnlySpan<byte> utf8Name)
    {
        foreach (var child in _children)
        {
            if (utf8Name.SequenceEqual(child.Utf8Name))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>Returns the sub-directory <paramref name="name"/>, creating it when absent.</summary>
    public FsDirectory Directory(string name) =>
        _children.Find(c => c.Name == name) switch
        {
            FsDirectory existing => existing,
            null => Add(new FsDirectory(name)),
            _ => throw new InvalidOperationException($"'{name}' in '{Name}' is a file, not a directory"),
        };
}
