namespace Lxcfs.Fuse.FileSystem;

/// <summary>
/// A frozen read-only tree with stable node ids: ids follow a depth-first walk in insertion order, so
/// two daemons built from the same code agree on them (a successor can take over a live connection).
/// </summary>
public sealed class FsTree
{
    public const ulong RootId = 1;

    private readonly FsNode[] _byId;

    public FsTree(FsDirectory root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Parent is not null)
        {
            throw new ArgumentException("the root must not have a parent", nameof(root));
        }

        var nodes = new List<FsNode> { root };
        Collect(root, nodes);
        _byId = new FsNode[nodes.Count + 1];
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i].NodeId = (ulong)(i + 1);
            _byId[i + 1] = nodes[i];
        }

        Root = root;
    }

    public FsDirectory Root { get; }

    public int Count => _byId.Length - 1;

    /// <summary>Builds an empty root to add entries to.</summary>
    public static FsDirectory NewRoot() => new(FsDirectory.RootName);

    public FsNode? Find(ulong nodeId) => nodeId >= 1 && nodeId < (ulong)_byId.Length ? _byId[nodeId] : null;

    /// <summary>Resolves a path below the root ("proc/meminfo"); null when absent.</summary>
    public FsNode? Resolve(string path)
    {
        FsNode current = Root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current is not FsDirectory directory)
            {
                return null;
            }

            var next = directory.Children.FirstOrDefault(c => c.Name == part);
            if (next is null)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private static void Collect(FsDirectory directory, List<FsNode> into)
    {
        foreach (var child in directory.Children)
        {
            into.Add(child);
        }

        foreach (var child in directory.Children)
        {
            if (child is FsDirectory sub)
            {
                Collect(sub, into);
            }
        }
    }
}
