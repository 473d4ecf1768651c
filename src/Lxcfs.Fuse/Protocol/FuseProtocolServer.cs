using Lxcfs.Fuse.FileSystem;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Protocol;

/// <summary>
/// The transport-free core: bytes of one request in, bytes of its reply out. The device loop, tests
/// and benchmarks all drive it through <see cref="HandleRequest"/>.
/// </summary>
public sealed partial class FuseProtocolServer
{
    /// <summary>Smallest reply buffer <see cref="HandleRequest"/> accepts: a header plus a 128 KiB READ.</summary>
    public const int MinReplyBufferSize = FuseReply.HeaderSize + (128 * 1024);

    private readonly FsTree _tree;
    private readonly FuseServerOptions _options;
    private readonly OpenFileTable _openFiles = new();
    private readonly ulong _startSeconds = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public FuseProtocolServer(FsTree tree, FuseServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        _tree = tree;
        _options = options ?? new FuseServerOptions();
    }

    /// <summary>What INIT settled on; null before INIT (or until a predecessor's values are adopted).</summary>
    public FuseNegotiated? Negotiated { get; private set; }

    /// <summary>Set once DESTROY arrives: the connection is over.</summary>
    public bool Destroyed { get; private set; }

    public int OpenHandles => _openFiles.Count;

    /// <summary>The open handle <paramref name="fh"/>, or null; for tests.</summary>
    internal OpenFile? OpenHandle(ulong fh) => _openFiles.Find(fh);

    /// <summary>
    /// Adopts the values a predecessor negotiated, for a connection taken over without INIT. Refuses
    /// (throws) values this version would not have negotiated: it could not keep the kernel's expectations.
    /// </summary>
    public void Adopt(FuseNegotiated negotiated)
    {
        ArgumentNullException.ThrowIfNull(negotiated);
        if (negotiated.Major != KernelMajor || negotiated.Minor < OldestMinor || negotiated.Minor > _options.ProtocolMinor
            || (negotiated.Flags & ~(uint)Wanted) != 0 || negotiated.Flags2 != 0 || negotiated.MaxWrite > _options.MaxWrite)
        {
            throw new Session.FuseException($"the predecessor negotiated {negotiated}, which this version cannot serve (protocol 7.{OldestMinor}–7.{_options.ProtocolMinor}, flags within 0x{(uint)Wanted:x}, max_write ≤ {_options.MaxWrite})");
        }

        Negotiated = negotiated;
    }

    /// <summary>The open handles and their snapshots, for a successor.</summary>
    public IReadOnlyList<HandleSnapshot> ExportHandles() => _openFiles.Export();

    /// <summary>Takes over a predecessor's open handles, so a reader part-way through a file keeps its snapshot.</summary>
    public void ImportHandles(IEnumerable<HandleSnapshot> handles) => _openFiles.Import(handles, _tree);

    /// <summary>
    /// Handles one request. Returns the reply's length in <paramref name="reply"/>, or 0 when nothing
    /// must be written (no reply expected, or a fragment too short to carry a <c>unique</c>).
    /// </summary>
    public int HandleRequest(ReadOnlySpan<byte> request, Span<byte> reply)
    {
        if (reply.Length < MinReplyBufferSize)
        {
            throw new ArgumentException($"the reply buffer needs {MinReplyBufferSize} bytes", nameof(reply));
        }

        RunDeferred();
        switch (FuseRequest.TryParse(request, out var parsed))
        {
            case FuseParseResult.Unanswerable:
                return 0;
            case FuseParseResult.Malformed:
                return Traced(parsed, FuseReply.Error(reply, parsed.Header.Unique, Errno.EIO), reply);
        }

        var operation = FuseOperationTable.Find(parsed.Header.Opcode);
        if (operation is null)
        {
            return Traced(parsed, FuseReply.Error(reply, parsed.Header.Unique, Errno.ENOSYS), reply);
        }

        if (parsed.Body.Length < operation.InputSize)
        {
            return operation.Replies ? Traced(parsed, FuseReply.Error(reply, parsed.Header.Unique, Errno.EIO), reply) : 0;
        }

        if (Negotiated is null && parsed.Header.Opcode != FuseOpcode.Init)
        {
            return Traced(parsed, FuseReply.Error(reply, parsed.Header.Unique, Errno.EIO), reply);
        }

        int length;
        try
        {
            length = operation.Handle(this, parsed, reply);
        }
#pragma warning disable CA1031 // a failing renderer or handler must cost one request, never the server
        catch (Exception)
#pragma warning restore CA1031
        {
            length = operation.Replies ? FuseReply.Error(reply, parsed.Header.Unique, Errno.EIO) : 0;
        }

        return operation.Replies ? Traced(parsed, length, reply) : 0;
    }

    private int Traced(FuseRequest request, int length, ReadOnlySpan<byte> reply)
    {
        if (_options.Trace is { } trace && length >= FuseReply.HeaderSize)
        {
            trace(request.Header, -BitConverter.ToInt32(reply[4..8]));
        }

        return length;
    }

    private int ReplyNode(FsNode node, FuseRequest request, Span<byte> reply)
    {
        var entry = EntryFor(node);
        return FuseReply.Struct(reply, request.Header.Unique, in entry);
    }
}
