using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Protocol;

public sealed partial class FuseProtocolServer
{
    private const uint DtDir = 4;
    private const uint DtReg = 8;

    internal int Opendir(FuseRequest request, Span<byte> reply)
    {
        return _tree.Find(request.Header.NodeId) switch
        {
            FsDirectory => FuseReply.Struct(reply, request.Header.Unique, new FuseOpenOut()),
            null => FuseReply.Error(reply, request.Header.Unique, Errno.ENOENT),
            _ => FuseReply.Error(reply, request.Header.Unique, Errno.ENOTDIR),
        };
    }

    /// <summary>
    /// Lists ".", ".." and the children. The offset is the index of the next entry to send; every
    /// record carries the index of the one after it, and an empty reply ends the listing.
    /// </summary>
    internal int Readdir(FuseRequest request, Span<byte> reply, bool plus)
    {
        var unique = request.Header.Unique;
        request.TryRead(out FuseReadIn read);
        if (_tree.Find(request.Header.NodeId) is not FsDirectory directory)
        {
            return FuseReply.Error(reply, unique, _tree.Find(request.Header.NodeId) is null ? Errno.ENOENT : Errno.ENOTDIR);
        }

        var payload = FuseReply.Payload(reply);
        payload = payload[..(int)Math.Min(read.Size, (uint)payload.Length)];
        var written = 0;
        var total = (ulong)directory.Children.Count + 2;
        for (var index = read.Offset; index < total; index++)
        {
            var node = index switch
            {
                0 => directory,
                1 => directory.Parent ?? directory,
                _ => directory.Children[(int)index - 2],
            };
            var name = index < 2 ? ".."u8[..(int)(index + 1)] : node.Utf8Name.AsSpan();
            var length = plus
                ? WriteDirentPlus(payload[written..], name, node, index + 1, isDot: index < 2)
                : WriteDirent(payload[written..], name, node, index + 1);
            if (length == 0)
            {
                break;
            }

            written += length;
        }

        return FuseReply.Data(reply, unique, written);
    }

    private static int WriteDirent(Span<byte> into, ReadOnlySpan<byte> name, FsNode node, ulong next)
    {
        var head = Unsafe.SizeOf<FuseDirent>();
        var length = Align8(head + name.Length);
        if (length > into.Length)
        {
            return 0;
        }

        var dirent = new FuseDirent { Ino = node.NodeId, Off = next, NameLen = (uint)name.Length, Type = node.IsDirectory ? DtDir : DtReg };
        MemoryMarshal.Write(into, in dirent);
        name.CopyTo(into[head..]);
        into[(head + name.Length)..length].Clear();
        return length;
    }

    private int WriteDirentPlus(Span<byte> into, ReadOnlySpan<byte> name, FsNode node, ulong next, bool isDot)
    {
        var entrySize = Unsafe.SizeOf<FuseEntryOut>();
        if (entrySize + Align8(Unsafe.SizeOf<FuseDirent>() + name.Length) > into.Length)
        {
            return 0;
        }

        // The kernel skips "." and ".." in READDIRPLUS: a zeroed entry keeps it from counting a lookup.
        var entry = isDot ? default : EntryFor(node);
        MemoryMarshal.Write(into, in entry);
        return entrySize + WriteDirent(into[entrySize..], name, node, next);
    }

    private static int Align8(int length) => (length + 7) & ~7;
}
