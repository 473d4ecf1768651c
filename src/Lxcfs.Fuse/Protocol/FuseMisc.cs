using System.Runtime.InteropServices;

namespace Lxcfs.Fuse.Protocol;

/// <summary><c>struct fuse_forget_in</c> (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseForgetIn
{
    public ulong Nlookup;
}

/// <summary><c>struct fuse_batch_forget_in</c> (8 bytes), followed by <see cref="Count"/> <see cref="FuseForgetOne"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseBatchForgetIn
{
    public uint Count;
    public uint Dummy;
}

/// <summary><c>struct fuse_forget_one</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseForgetOne
{
    public ulong NodeId;
    public ulong Nlookup;
}

/// <summary><c>struct fuse_kstatfs</c> (80 bytes), the whole STATFS reply.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FuseStatfsOut
{
    public ulong Blocks;
    public ulong Bfree;
    public ulong Bavail;
    public ulong Files;
    public ulong Ffree;
    public uint Bsize;
    public uint Namelen;
    public uint Frsize;
    public uint Padding;
    public fixed uint Spare[6];
}

/// <summary><c>struct fuse_access_in</c> (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseAccessIn
{
    public uint Mask;
    public uint Padding;
}

/// <summary><c>struct fuse_getxattr_in</c> (8 bytes), followed by the attribute name for GETXATTR.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseGetxattrIn
{
    public uint Size;
    public uint Padding;
}

/// <summary><c>struct fuse_getxattr_out</c> (8 bytes): the size probe answer when the request's size is 0.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseGetxattrOut
{
    public uint Size;
    public uint Padding;
}

/// <summary><c>struct fuse_interrupt_in</c> (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseInterruptIn
{
    public ulong Unique;
}

/// <summary><c>struct fuse_dirent</c> head (24 bytes), followed by the name, the record padded to 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseDirent
{
    public ulong Ino;
    public ulong Off;
    public uint NameLen;
    public uint Type;
}
