using Lxcfs.Fuse.FileSystem;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Protocol;

public sealed partial class FuseProtocolServer
{
    private const uint S_IFDIR = 0x4000;
    private const uint S_IFREG = 0x8000;
    private const uint R_OK = 4;
    private const uint X_OK = 1;

    internal int Lookup(FuseRequest request, Span<byte> reply)
    {
        var unique = request.Header.Unique;
        if (!request.TryReadName(0, out var name))
        {
            return FuseReply.Error(reply, unique, Errno.EINVAL);
        }

        return _tree.Find(request.Header.NodeId) switch
        {
            FsDirectory directory => directory.Find(name) is { } child ? ReplyNode(child, request, reply) : FuseReply.Error(reply, unique, Errno.ENOENT),
            null => FuseReply.Error(reply, unique, Errno.ENOENT),
            _ => FuseReply.Error(reply, unique, Errno.ENOTDIR),
        };
    }

    internal int Getattr(FuseRequest request, Span<byte> reply)
    {
        if (_tree.Find(request.Header.NodeId) is not { } node)
        {
            return FuseReply.Error(reply, request.Header.Unique, Errno.ENOENT);
        }

        var (seconds, nanos) = Split(AttrTimeout(node));
        var attr = new FuseAttrOut { AttrValid = seconds, AttrValidNsec = nanos, Attr = AttrOf(node) };
        return FuseReply.Struct(reply, request.Header.Unique, in attr);
    }

    internal int Access(FuseRequest request, Span<byte> reply)
    {
        if (_tree.Find(request.Header.NodeId) is not { } node)
        {
            return FuseReply.Error(reply, request.Header.Unique, Errno.ENOENT);
        }

        request.TryRead(out FuseAccessIn access);
        var allowed = node.IsDirectory ? R_OK | X_OK : node is FsFile { RootOnly: true } && request.Header.Uid != 0 ? 0 : R_OK;
        return (access.Mask & ~allowed) == 0
            ? FuseReply.Ok(reply, request.Header.Unique)
            : FuseReply.Error(reply, request.Header.Unique, Errno.EACCES);
    }

    internal int Statfs(FuseRequest request, Span<byte> reply)
    {
        // statvfs() and df fail outright on ENOSYS (it is not remembered), so answer an empty filesystem.
        var statfs = new FuseStatfsOut { Bsize = 4096, Frsize = 4096, Namelen = 255, Files = (ulong)_tree.Count };
        return FuseReply.Struct(reply, request.Header.Unique, in statfs);
    }

    internal int Getxattr(FuseRequest request, Span<byte> reply)
    {
        if (!request.TryReadName(System.Runtime.CompilerServices.Unsafe.SizeOf<FuseGetxattrIn>(), out _))
        {
            return FuseReply.Error(reply, request.Header.Unique, Errno.EINVAL);
        }

        return FuseReply.Error(reply, request.Header.Unique, _tree.Find(request.Header.NodeId) is null ? Errno.ENOENT : Errno.ENODATA);
    }

    internal int Listxattr(FuseRequest request, Span<byte> reply)
    {
        if (_tree.Find(request.Header.NodeId) is null)
        {
            return FuseReply.Error(reply, request.Header.Unique, Errno.ENOENT);
        }

        request.TryRead(out FuseGetxattrIn probe);
        if (probe.Size == 0)
        {
            var empty = new FuseGetxattrOut { Size = 0 };
            return FuseReply.Struct(reply, request.Header.Unique, in empty);
        }

        return FuseReply.Data(reply, request.Header.Unique, 0);
    }

    private FuseEntryOut EntryFor(FsNode node)
    {
        var (entrySeconds, entryNanos) = Split(_options.EntryTimeout);
        var (attrSeconds, attrNanos) = Split(AttrTimeout(node));
        return new FuseEntryOut
        {
            NodeId = node.NodeId,
            EntryValid = entrySeconds,
            EntryValidNsec = entryNanos,
            AttrValid = attrSeconds,
            AttrValidNsec = attrNanos,
            Attr = AttrOf(node),
        };
    }

    private TimeSpan AttrTimeout(FsNode node) => node.IsDirectory ? _options.AttrTimeout : _options.FileAttrTimeout;

    /// <summary>
    /// Attributes never depend on the caller: the kernel caches them per inode for every reader. Reads
    /// with direct io ignore the size, but sendfile and splice go through the page cache and stop at it
    /// (busybox cat), so a file reports the size its tree gives it (0, like procfs, when none).
    /// </summary>
    private FuseAttr AttrOf(FsNode node)
    {
        var directory = node as FsDirectory;
        return new FuseAttr
        {
            Ino = node.NodeId,
            Mode = directory is null ? S_IFREG | (node is FsFile { RootOnly: true } ? 0x100u /* 0400 */ : 0x124u /* 0444 */) : S_IFDIR | (node.NodeId == FsTree.RootId ? 0x1EDu /* 0755 */ : 0x16Du /* 0555 */),
            Nlink = directory is null ? 1u : 2u + (uint)directory.Children.Count(c => c.IsDirectory),
            Atime = _startSeconds,
            Mtime = _startSeconds,
            Ctime = _startSeconds,
            Blksize = 4096,
            Size = node is FsFile { Size: { } size } ? size() : 0,
        };
    }

    private static (ulong Seconds, uint Nanos) Split(TimeSpan timeout)
    {
        var ticks = Math.Max(0, timeout.Ticks);
        return ((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond) * 100);
    }
}
