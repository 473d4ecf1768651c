using Lxcfs.Interop;

namespace Lxcfs.Fuse.Protocol;

public sealed partial class FuseProtocolServer
{
    private const uint KernelMajor = 7;

    // Below minor 12 the kernel expects shorter entry and attr replies than the ones written here.
    private const uint OldestMinor = 12;

    // ASYNC_READ is harmless for direct-io files; PARALLEL_DIROPS stops the kernel serialising lookups
    // in one directory; ABORT_ERROR makes an aborted connection read as ECONNABORTED, not ENODEV.
    private const FuseInitCapabilities Wanted = FuseInitCapabilities.AsyncRead | FuseInitCapabilities.DoReaddirplus | FuseInitCapabilities.ParallelDirops | FuseInitCapabilities.AbortError;

    internal int Init(FuseRequest request, Span<byte> reply)
    {
        var unique = request.Header.Unique;
        request.TryRead(out FuseInitIn init);
        if (init.Major != KernelMajor)
        {
            // A kernel that speaks another major waits for our major and asks again; none exists today.
            var offer = new FuseInitOut { Major = KernelMajor, Minor = _options.ProtocolMinor };
            return FuseReply.Struct(reply, unique, in offer);
        }

        if (Negotiated is not null)
        {
            return FuseReply.Error(reply, unique, Errno.EIO);
        }

        var minor = Math.Min(init.Minor, _options.ProtocolMinor);
        if (minor < OldestMinor)
        {
            return FuseReply.Error(reply, unique, Errno.EPROTO);
        }

        var flags = (uint)Wanted & init.Flags;
        var answer = new FuseInitOut
        {
            Major = KernelMajor,
            Minor = minor,
            MaxReadahead = init.MaxReadahead,
            Flags = flags,
            MaxWrite = _options.MaxWrite,
            TimeGran = 1,
        };
        Negotiated = new FuseNegotiated(KernelMajor, minor, flags, 0, _options.MaxWrite, init.MaxReadahead);
        return FuseReply.Struct(reply, unique, in answer);
    }

    internal int Destroy(FuseRequest request, Span<byte> reply)
    {
        Destroyed = true;
        return FuseReply.Ok(reply, request.Header.Unique);
    }
}
