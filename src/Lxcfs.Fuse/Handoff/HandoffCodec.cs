using System.Text;
using Lxcfs.Buffers;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Fuse.Handoff;

/// <summary>
/// The hand-off message, little-endian. Format 1: magic "LXCFSHO1", six u32 INIT values, u32 handle
/// count and per handle (u64 fh, u64 node, i32 snapshot length or −1, bytes), then u32 view-state length
/// and bytes. Format 2: magic "LXCFSHO2", the INIT values, u32 node count and per node (u64 id, u8 1 for
/// a directory, u16 path length, UTF-8 path), then the handles and view state as in format 1.
/// </summary>
public static class HandoffCodec
{
    private const int MaxPathBytes = 4096;

    private static ReadOnlySpan<byte> FirstMagic => "LXCFSHO1"u8;

    private static ReadOnlySpan<byte> NodesByPathMagic => "LXCFSHO2"u8;

    public static byte[] Encode(HandoffState state, HandoffFormat format)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(format switch
        {
            HandoffFormat.First => FirstMagic,
            HandoffFormat.NodesByPath => NodesByPathMagic,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no such hand-off format"),
        });
        var n = state.Negotiated;
        foreach (var value in new[] { n.Major, n.Minor, n.Flags, n.Flags2, n.MaxWrite, n.MaxReadahead })
        {
            writer.Write(value);
        }

        if (format == HandoffFormat.NodesByPath)
        {
            var nodes = state.Nodes ?? throw new ArgumentException("format 2 carries the nodes", nameof(state));
            writer.Write(nodes.Count);
            foreach (var node in nodes)
            {
                var path = Encoding.UTF8.GetBytes(node.Path);
                writer.Write(node.NodeId);
                writer.Write(node.IsDirectory ? (byte)1 : (byte)0);
                writer.Write(checked((ushort)path.Length));
                writer.Write(path);
            }
        }

        writer.Write(state.Handles.Count);
        foreach (var handle in state.Handles)
        {
            writer.Write(handle.Fh);
            writer.Write(handle.NodeId);
            writer.Write(handle.Snapshot?.Length ?? -1);
            writer.Write(handle.Snapshot ?? []);
        }

        writer.Write(state.ViewState.Length);
        writer.Write(state.ViewState);
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>The state a predecessor sent; <see cref="FuseException"/> when it is in no format this version reads, or malformed.</summary>
    public static HandoffState Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Read(new ByteCursor(bytes));
        }
        catch (InvalidDataException e)
        {
            throw new FuseException("the hand-off message is malformed: " + e.Message);
        }
    }

    private static HandoffState Read(ByteCursor reader)
    {
        var magic = reader.Take(FirstMagic.Length);
        var format = magic.SequenceEqual(FirstMagic) ? HandoffFormat.First
            : magic.SequenceEqual(NodesByPathMagic) ? HandoffFormat.NodesByPath
            : throw new FuseException($"the hand-off message starts with '{Encoding.ASCII.GetString(magic)}', a format this version does not read");
        var negotiated = new FuseNegotiated(reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32());
        List<NodeIdentity>? nodes = null;
        if (format == HandoffFormat.NodesByPath)
        {
            var nodeCount = reader.Count(8 + 1 + 2);
            nodes = new List<NodeIdentity>(nodeCount);
            for (var i = 0; i < nodeCount; i++)
            {
                var id = reader.U64();
                var isDirectory = reader.Take(1)[0] switch
                {
                    0 => false,
                    1 => true,
                    var kind => throw new FuseException($"the hand-off message gives node {id} the unknown kind {kind}"),
                };
                var length = reader.U16();
                nodes.Add(new NodeIdentity(id, length <= MaxPathBytes ? Encoding.UTF8.GetString(reader.Take(length)) : throw new FuseException($"node {id}'s path is {length} bytes long"), isDirectory));
            }
        }

        var count = reader.Count(8 + 8 + 4);
        var handles = new List<HandleSnapshot>(count);
        for (var i = 0; i < count; i++)
        {
            var fh = reader.U64();
            var node = reader.U64();
            var length = (int)reader.U32();
            handles.Add(new HandleSnapshot(fh, node, length < 0 ? null : reader.Take(length).ToArray()));
        }

        var viewState = reader.Take(reader.Count(1)).ToArray();
        return new HandoffState(negotiated, nodes, handles, viewState);
    }
}
