using System.Runtime.InteropServices;

namespace Lxcfs.Fuse.Protocol;

/// <summary><c>struct fuse_open_in</c> (8 bytes): OPEN and OPENDIR.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseOpenIn
{
    public uint Flags;
    public uint OpenFlags;
}

/// <summary><c>struct fuse_open_out</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseOpenOut
{
    public ulong Fh;
    public FuseOpenOptions OpenFlags;
    public int BackingId;
}

/// <summary><c>FOPEN_*</c> reply flags.</summary>
[Flags]
public enum FuseOpenOptions : uint
{
    None = 0,
    DirectIo = 1u << 0,
    KeepCache = 1u << 1,
    NonSeekable = 1u << 2,
    CacheDir = 1u << 3,
    NoFlush = 1u << 5,
}

/// <summary><c>struct fuse_release_in</c> (24 bytes): RELEASE and RELEASEDIR.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseReleaseIn
{
    public ulong Fh;
    public uint Flags;
    public uint ReleaseFlags;
    public ulong LockOwner;
}

/// <summary><c>struct fuse_read_in</c> (40 bytes): READ, READDIR and READDIRPLUS.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseReadIn
{
    public ulong Fh;
    public ulong Offset;
    public uint Size;
    public uint ReadFlags;
    public ulong LockOwner;
    public uint Flags;
    public uint Padding;
}
