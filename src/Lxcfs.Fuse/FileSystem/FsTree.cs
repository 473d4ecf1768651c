namespace Lxcfs.Fuse.FileSystem;

/// <summary>
/// A frozen read-only tree with stable node ids. A tree built afresh numbers its nodes depth-first in
/// insertion order after the ids it is told to keep; a tree that takes over a live connection keeps every
/// id its predecessor gave (by path and kind) and numbers new nodes above all of them, so an id the
/// kernel holds never comes to mean another file. Ids of paths this tree lacks stay retired: they answer
/// ENOENT and are passed on to the next instance.
/// </summary>
public sealed class FsTree
{
    public const ulong RootId = 1;

    // Ids index an array on every request; a predecessor claiming larger ones is refused, not obeyed.
    private const ulong MaxNodeId = 1 << 16;

    private readonly FsNode?[] _byId;

    public FsTree(FsDirectory root, IEnumerable<NodeIdentity>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Parent is not null)
        {
            throw new ArgumentException("the root must not have a parent", nameof(root));
        }

        var kept = IndexByPath(keep ?? []);
        var nodes = new List<FsNode>();
        Collect(root, nodes);
        var next = kept.Count == 0 ? RootId + 1 : kept.Values.Max(k => k.NodeId) + 1;
        var assigned = new List<(ulong Id, FsNode Node)>(nodes.Count + 1) { (RootId, root) };
        foreach (var node in nodes)
        {
            var id = kept.Remove(node.Path, out var known) && known.IsDirectory == node.IsDirectory ? known.NodeId : next++;
            if (known is not null && known.NodeId != id)
            {
                kept[node.Path] = known; // changed kind: the old id stays retired
            }

            assigned.Add((id, node));
        }

        if (next > MaxNodeId)
        {
            throw new ArgumentException($"node ids above {MaxNodeId} are not supported", nameof(keep));
        }

        _byId = new FsNode?[next];
        foreach (var (id, node) in assigned)
        {
            node.NodeId = id;
            _byId[id] = node;
        }

        Retired = [.. kept.Values.OrderBy(k => k.NodeId)];
        Count = assigned.Count;
        Root = root;
    }

    public FsDirectory Root { get; }

    /// <summary>Nodes served.</summary>
    public int Count { get; }

    /// <summary>Ids a predecessor gave to paths this tree does not serve (or serves as another kind).</summary>
    public IReadOnlyList<NodeIdentity> Retired { get; }

    /// <summary>Every id this tree answers or keeps retired, for the instance that takes over from this one.</summary>
    public IReadOnlyList<NodeIdentity> Identities =>
        [.. _byId.OfType<FsNode>().Select(n => new NodeIdentity(n.NodeId, n.Path, n.IsDirectory)).Concat(Retired).OrderBy(n => n.NodeId)];

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

    private static Dictionary<string, NodeIdentity> IndexByPath(IEnumerable<NodeIdentity> keep)
    {
        var byPath = new Dictionary<string, NodeIdentity>(StringComparer.Ordinal);
        var ids = new HashSet<ulong>();
        foreach (var identity in keep)
        {
            if (identity.NodeId == RootId && identity.Path.Length == 0 && identity.IsDirectory)
            {
                continue;
            }

            if (identity.NodeId <= RootId || identity.NodeId >= MaxNodeId || identity.Path.Length == 0)
            {
                throw new ArgumentException($"node {identity.NodeId} '{identity.Path}' cannot be kept", nameof(keep));
            }

            if (!ids.Add(identity.NodeId) || !byPath.TryAdd(identity.Path, identity))
            {
                throw new ArgumentException($"node {identity.NodeId} '{identity.Path}' is given twice", nameof(keep));
            }
        }

        return byPath;
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
