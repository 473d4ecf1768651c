namespace Lxcfs.Fuse.Protocol;

/// <summary>Tunables of the protocol server.</summary>
public sealed record FuseServerOptions
{
    /// <summary>
    /// How long the kernel may cache names and attributes. The tree is fixed and no attribute depends
    /// on the caller, so long timeouts serve nothing stale and save a LOOKUP per open.
    /// </summary>
    public TimeSpan EntryTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long directory attributes may be cached.</summary>
    public TimeSpan AttrTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long file attributes may be cached. A file's size can change (it follows the host file), and a
    /// short read through the page cache (sendfile) shrinks the kernel's idea of it until the next GETATTR.
    /// </summary>
    public TimeSpan FileAttrTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest WRITE the kernel may send; the kernel raises anything smaller to 4096.</summary>
    public uint MaxWrite { get; init; } = 4096;

    /// <summary>The protocol minor whose struct layouts this server writes.</summary>
    public uint ProtocolMinor { get; init; } = 38;

    /// <summary>
    /// Render a file's content right after answering its OPEN, on the thread that answered, instead of when
    /// its first READ arrives: the render then overlaps the caller's return from open(2), its read(2) and the
    /// kernel's hand-over of the READ to another reader thread, which it otherwise waits for. The caller's
    /// first read at offset 0 takes that content; any other read renders afresh as before.
    /// </summary>
    public bool RenderAtOpen { get; init; } = true;

    /// <summary>Called after each request with its header and the errno answered (0 = success); for <c>-d</c>.</summary>
    public Action<FuseInHeader, int>? Trace { get; init; }
}
