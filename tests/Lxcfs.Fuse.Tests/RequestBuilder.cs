using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lxcfs.Fuse.Protocol;

namespace Lxcfs.Fuse.Tests;

/// <summary>Crafts request bytes the way the kernel lays them out.</summary>
internal static class RequestBuilder
{
    private static ulong s_unique = 2;

    public static byte[] Build(FuseOpcode opcode, ulong nodeId, ReadOnlySpan<byte> body, uint pid = 4242, ulong? unique = null, uint uid = 1000)
    {
        var bytes = new byte[FuseRequest.HeaderSize + body.Length];
        var header = new FuseInHeader
        {
            Len = (uint)bytes.Length,
            Opcode = opcode,
            Unique = unique ?? (s_unique += 2),
            NodeId = nodeId,
            Uid = uid,
            Gid = 1000,
            Pid = pid,
        };
        MemoryMarshal.Write(bytes, in header);
        body.CopyTo(bytes.AsSpan(FuseRequest.HeaderSize));
        return bytes;
    }

    public static byte[] With<T>(FuseOpcode opcode, ulong nodeId, T payload, ReadOnlySpan<byte> tail = default, uint pid = 4242, uint uid = 1000)
        where T : unmanaged
    {
        var body = new byte[Unsafe.SizeOf<T>() + tail.Length];
        MemoryMarshal.Write(body, in payload);
        tail.CopyTo(body.AsSpan(Unsafe.SizeOf<T>()));
        return Build(opcode, nodeId, body, pid, uid: uid);
    }

    public static byte[] Name(string name) => [.. System.Text.Encoding.UTF8.GetBytes(name), 0];

    public static byte[] Init(uint major = 7, uint minor = 45, uint flags = 0x3FFFFFFF) =>
        With(FuseOpcode.Init, 0, new FuseInitIn { Major = major, Minor = minor, MaxReadahead = 131072, Flags = flags });
}

/// <summary>A decoded reply.</summary>
internal sealed record Reply(int Length, int Error, ulong Unique, byte[] Payload)
{
    public static Reply Parse(ReadOnlySpan<byte> buffer, int length)
    {
        var header = MemoryMarshal.Read<FuseOutHeader>(buffer);
        header.Len.Should().Be((uint)length, "the header's len must equal the bytes written");
        return new Reply(length, header.Error, header.Unique, buffer[16..length].ToArray());
    }

    public T As<T>()
        where T : unmanaged
    {
        Payload.Length.Should().Be(Unsafe.SizeOf<T>());
        return MemoryMarshal.Read<T>(Payload);
    }
}
