using System.Collections.Concurrent;

namespace Lxcfs.Fuse.FileSystem;

/// <summary>The open handles of the connection, by the <c>fh</c> given to the kernel at OPEN.</summary>
internal sealed class OpenFileTable
{
    private readonly ConcurrentDictionary<ulong, OpenFile> _handles = new();
    // Seeded from the clock so a successor that adopts its predecessor's handles never issues one of their numbers.
    private long _next = DateTime.UtcNow.Ticks;

    public int Count => _handles.Count;

    public ulong Open(FsFile file) => Open(file, out _);

    public ulong Open(FsFile file, out OpenFile handle)
    {
        var fh = (ulong)Interlocked.Increment(ref _next);
        handle = new OpenFile(file);
        _handles[fh] = handle;
        return fh;
    }

    /// <summary>
    /// The handle <paramref name="fh"/>; a handle the kernel knows but this instance never issued (it
    /// was opened before a hand-off) is adopted for <paramref name="file"/>.
    /// </summary>
    public OpenFile Get(ulong fh, FsFile file)
    {
        if (_handles.TryGetValue(fh, out var open) && ReferenceEquals(open.File, file))
        {
            return open;
        }

        var adopted = new OpenFile(file);
        if (_handles.TryAdd(fh, adopted))
        {
            return adopted;
        }

        adopted.Dispose();
        return _handles[fh];
    }

    public OpenFile? Find(ulong fh) => _handles.TryGetValue(fh, out var open) ? open : null;

    public IReadOnlyList<HandleSnapshot> Export() =>
        [.. _handles.Select(pair => new HandleSnapshot(pair.Key, pair.Value.File.NodeId, pair.Value.ExportSnapshot()))];

    public void Import(IEnumerable<HandleSnapshot> handles, FsTree tree)
    {
        foreach (var handle in handles)
        {
            if (tree.Find(handle.NodeId) is FsFile file)
            {
                var open = handle.Snapshot is { } snapshot ? OpenFile.WithSnapshot(file, snapshot) : new OpenFile(file);
                if (!_handles.TryAdd(handle.Fh, open))
                {
                    open.Dispose();
                }
            }
        }
    }

    public void Release(ulong fh)
    {
        if (_handles.TryRemove(fh, out var open))
        {
            open.Dispose();
        }
    }
}
