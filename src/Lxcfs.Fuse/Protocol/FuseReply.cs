using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lxcfs.Fuse.Protocol;

/// <summary>Writes replies into a caller-provided buffer; each method returns the reply's total length.</summary>
public static class FuseReply
{
    public const int HeaderSize = 16;

    /// <summary>The header alone, with <c>error</c> = −<paramref name="errno"/> (0 for success without payload).</summary>
    public static int Error(Span<byte> reply, ulong unique, int errno) => Finish(reply, unique, HeaderSize, -Math.Abs(errno));

    public static int Ok(Span<byte> reply, ulong unique) => Finish(reply, unique, HeaderSize, 0);

    public static int Struct<T>(Span<byte> reply, ulong unique, in T payload)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        MemoryMarshal.Write(reply.Slice(HeaderSize, size), in payload);
        return Finish(reply, unique, HeaderSize + size, 0);
    }

    /// <summary>Completes a reply whose payload of <paramref name="payloadLength"/> bytes is already in place.</summary>
    public static int Data(Span<byte> reply, ulong unique, int payloadLength) => Finish(reply, unique, HeaderSize + payloadLength, 0);

    /// <summary>The part of the reply buffer where a payload goes.</summary>
    public static Span<byte> Payload(Span<byte> reply) => reply[HeaderSize..];

    private static int Finish(Span<byte> reply, ulong unique, int length, int error)
    {
        var header = new FuseOutHeader { Len = (uint)length, Error = error, Unique = unique };
        MemoryMarshal.Write(reply, in header);
        return length;
    }
}
