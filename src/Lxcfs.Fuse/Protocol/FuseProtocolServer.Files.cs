using Lxcfs.Fuse.FileSystem;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Protocol;

public sealed partial class FuseProtocolServer
{
    // Direct io: the page cache is per inode and would hand one caller's content to another.
    // No flush: nothing is ever written, so close() need not wait for a FLUSH round trip.
    private const FuseOpenOptions FileOpenFlags = FuseOpenOptions.DirectIo | FuseOpenOptions.NoFlush;

    // The handle this thread opened last, still to be rendered once its OPEN reply is out (RunDeferred).
    [ThreadStatic]
    private static OpenFile? t_openedFile;

    [ThreadStatic]
    private static FuseCaller t_opener;

    internal int Open(FuseRequest request, Span<byte> reply)
    {
        var unique = request.Header.Unique;
        request.TryRead(out FuseOpenIn open);
        switch (_tree.Find(request.Header.NodeId))
        {
            case null:
                return FuseReply.Error(reply, unique, Errno.ENOENT);
            case FsDirectory:
                return FuseReply.Error(reply, unique, Errno.EISDIR);
            case FsFile file:
                // Without default_permissions the kernel checks no mode bits: refuse writers here.
                if ((open.Flags & Libc.O_ACCMODE) != Libc.O_RDONLY || (file.RootOnly && request.Header.Uid != 0))
                {
                    file.Meter?.Failed();
                    return FuseReply.Error(reply, unique, Errno.EACCES);
                }

                var answer = new FuseOpenOut { Fh = _openFiles.Open(file, out var handle), OpenFlags = FileOpenFlags };
                if (_options.RenderAtOpen)
                {
                    t_openedFile = handle;
                    t_opener = request.Caller;
                }

                return FuseReply.Struct(reply, unique, in answer);
            default:
                return FuseReply.Error(reply, unique, Errno.EIO);
        }
    }

    /// <summary>
    /// Does what the last request handled on this thread left for after its reply: the render of a file
    /// just opened (<see cref="FuseServerOptions.RenderAtOpen"/>). The session calls it once the reply is
    /// written; <see cref="HandleRequest"/> also calls it first, so a driver that never does loses nothing.
    /// </summary>
    public static void RunDeferred()
    {
        if (t_openedFile is not { } handle)
        {
            return;
        }

        t_openedFile = null;
        try
        {
            handle.RenderAtOpen(t_opener);
        }
#pragma warning disable CA1031 // the read renders again and answers the failure to its caller
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    internal int Read(FuseRequest request, Span<byte> reply)
    {
        var unique = request.Header.Unique;
        request.TryRead(out FuseReadIn read);
        if (_tree.Find(request.Header.NodeId) is not FsFile file)
        {
            return FuseReply.Error(reply, unique, _tree.Find(request.Header.NodeId) is null ? Errno.ENOENT : Errno.EISDIR);
        }

        var payload = FuseReply.Payload(reply);
        var room = (int)Math.Min(read.Size, (uint)payload.Length);
        var count = _openFiles.Get(read.Fh, file).Read(request.Caller, read.Offset, payload[..room]);
        return FuseReply.Data(reply, unique, count);
    }

    internal int Release(FuseRequest request, Span<byte> reply)
    {
        request.TryRead(out FuseReleaseIn release);
        _openFiles.Release(release.Fh);
        return FuseReply.Ok(reply, request.Header.Unique);
    }
}
