using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lxcfs.Fuse.FileSystem;

namespace Lxcfs.Fuse.Protocol;

/// <summary>One request as read from the device: the header and the opcode's payload (extensions stripped).</summary>
public readonly ref struct FuseRequest
{
    public const int HeaderSize = 40;

    private FuseRequest(FuseInHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        Body = body;
    }

    public FuseInHeader Header { get; }

    public ReadOnlySpan<byte> Body { get; }

    public FuseCaller Caller => new((int)Header.Pid, Header.Uid, Header.Gid);

    /// <summary>
    /// Parses the bytes of one read. Returns <see cref="FuseParseResult.Unanswerable"/> when not even a
    /// header arrived (there is no <c>unique</c> to answer), <see cref="FuseParseResult.Malformed"/>
    /// when the header lies about the length.
    /// </summary>
    public static FuseParseResult TryParse(ReadOnlySpan<byte> raw, out FuseRequest request)
    {
        request = default;
        if (raw.Length < HeaderSize)
        {
            return FuseParseResult.Unanswerable;
        }

        var header = MemoryMarshal.Read<FuseInHeader>(raw);
        request = new FuseRequest(header, []);
        var extensions = header.TotalExtLen * 8;
        if (header.Len != raw.Length || header.Len < HeaderSize + extensions)
        {
            return FuseParseResult.Malformed;
        }

        request = new FuseRequest(header, raw[HeaderSize..((int)header.Len - extensions)]);
        return FuseParseResult.Ok;
    }

    /// <summary>Reads the opcode's fixed-size input struct; false when the body is too short.</summary>
    public bool TryRead<T>(out T value)
        where T : unmanaged
    {
        if (Body.Length < Unsafe.SizeOf<T>())
        {
            value = default;
            return false;
        }

        value = MemoryMarshal.Read<T>(Body);
        return true;
    }

    /// <summary>The NUL-terminated name that starts at <paramref name="offset"/>; false without a terminator.</summary>
    public bool TryReadName(int offset, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (offset > Body.Length)
        {
            return false;
        }

        var rest = Body[offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            return false;
        }

        name = rest[..end];
        return true;
    }
}

public enum FuseParseResult
{
    Ok,
    Malformed,
    Unanswerable,
}
