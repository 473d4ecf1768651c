using System.Runtime.InteropServices;

namespace Lxcfs.Fuse.Protocol;

/// <summary><c>struct fuse_init_in</c> as of minor 36+ (64 bytes); older kernels send the first 16.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FuseInitIn
{
    public uint Major;
    public uint Minor;
    public uint MaxReadahead;
    public uint Flags;
    public uint Flags2;
    public fixed uint Unused[11];
}

/// <summary><c>struct fuse_init_out</c> (64 bytes, layout of minor 38).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FuseInitOut
{
    public uint Major;
    public uint Minor;
    public uint MaxReadahead;
    public uint Flags;
    public ushort MaxBackground;
    public ushort CongestionThreshold;
    public uint MaxWrite;
    public uint TimeGran;
    public ushort MaxPages;
    public ushort MapAlignment;
    public uint Flags2;
    public fixed uint Unused[7];
}

/// <summary>INIT capability bits (<c>FUSE_*</c> in linux/fuse.h) this server knows about.</summary>
[Flags]
public enum FuseInitCapabilities : uint
{
    None = 0,
    AsyncRead = 1u << 0,
    DoReaddirplus = 1u << 13,
    ParallelDirops = 1u << 18,
    AbortError = 1u << 21,
    MaxPages = 1u << 22,
    InitExt = 1u << 30,
}
