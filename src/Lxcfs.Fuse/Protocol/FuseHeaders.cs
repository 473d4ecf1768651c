using System.Runtime.InteropServices;

namespace Lxcfs.Fuse.Protocol;

/// <summary><c>struct fuse_in_header</c>: precedes every request (40 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseInHeader
{
    public uint Len;
    public FuseOpcode Opcode;
    public ulong Unique;
    public ulong NodeId;
    public uint Uid;
    public uint Gid;
    public uint Pid;
    /// <summary>Length of extensions in 8-byte units; 0 unless security contexts were negotiated.</summary>
    public ushort TotalExtLen;
    public ushort Padding;
}

/// <summary><c>struct fuse_out_header</c>: precedes every reply (16 bytes). <see cref="Error"/> is 0 or −errno.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseOutHeader
{
    public uint Len;
    public int Error;
    public ulong Unique;
}
