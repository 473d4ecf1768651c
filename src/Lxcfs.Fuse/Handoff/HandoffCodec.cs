using System.Buffers.Binary;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Fuse.Handoff;

/// <summary>
/// The hand-off message, little-endian: magic "LXCFSHO1", six u32 INIT values, u32 handle count and per
/// handle (u64 fh, u64 node, i32 snapshot length or −1, bytes), then u32 view-state length and bytes.
/// </summary>
public static class HandoffCodec
{
    private static ReadOnlySpan<byte> Magic => "LXCFSHO1"u8;

    public static byte[] Encode(HandoffState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(Magic);
        var n = state.Negotiated;
        foreach (var value in new[] { n.Major, n.Minor, n.Flags, n.Flags2, n.MaxWrite, n.MaxReadahead })
        {
            writer.Write(value);
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

    public static HandoffState Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new SpanCursor(bytes);
        if (!reader.Take(Magic.Length).SequenceEqual(Magic))
        {
            throw new FuseException("the hand-off message does not start with LXCFSHO1: a predecessor of another version?");
        }

        var negotiated = new FuseNegotiated(reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32());
        var count = reader.Length(8 + 8 + 4);
        var handles = new List<HandleSnapshot>(count);
        for (var i = 0; i < count; i++)
        {
            var fh = reader.U64();
            var node = reader.U64();
            var length = (int)reader.U32();
            handles.Add(new HandleSnapshot(fh, node, length < 0 ? null : reader.Take(length).ToArray()));
        }

        var viewState = reader.Take(reader.Length(1)).ToArray();
        return new HandoffState(negotiated, handles, viewState);
    }

    private ref struct SpanCursor
    {
        private ReadOnlySpan<byte> _rest;

        public SpanCursor(ReadOnlySpan<byte> bytes) => _rest = bytes;

        public ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > _rest.Length)
            {
                throw new FuseException($"the hand-off message is truncated (wanted {count} bytes, {_rest.Length} left)");
            }

            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }

        public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        /// <summary>A count whose items take at least <paramref name="itemSize"/> bytes each: bounded by what is left.</summary>
        public int Length(int itemSize)
        {
            var count = U32();
            return count <= (uint)(_rest.Length / itemSize) ? (int)count : throw new FuseException($"the hand-off message claims {count} items, more than it holds");
        }
    }
}
