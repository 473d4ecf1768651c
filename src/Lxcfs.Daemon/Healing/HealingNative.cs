using System.Runtime.InteropServices;

namespace Lxcfs.Daemon.Healing;

/// <summary>
/// The syscalls that move a mount into another mount namespace. open_tree and move_mount have no libc
/// wrapper in older glibc, so they go through syscall(2); its arguments are read as longs, hence nint.
/// Their numbers come from the generic table, the same on x86_64 and aarch64.
/// </summary>
internal static partial class HealingNative
{
    public const int O_RDONLY = 0;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int CLONE_FS = 0x200;
    public const int CLONE_NEWNS = 0x20000;
    public const int MNT_DETACH = 2;

    private const nint SysOpenTree = 428;
    private const nint SysMoveMount = 429;
    private const nint SysMountSetattr = 442;
    private const nint AtFdCwd = -100;
    private const nint AtEmptyPath = 0x1000;
    private const nint OpenTreeCloneFlag = 1;
    private const nint MoveMountFEmptyPath = 4;
    private const nint MoveMountBeneathFlag = 0x200;
    private const ulong MountAttrReadOnly = 1;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int Setns(int fd, int namespaceType);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Syscall3(nint number, nint a1, string a2, nint a3);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Syscall5(nint number, nint a1, string a2, nint a3, string a4, nint a5);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint Syscall5(nint number, nint a1, string a2, nint a3, MountAttr* a4, nint a5);

    /// <summary>A detached copy of the mount at <paramref name="path"/> (the path's own mount, not its children), as an fd.</summary>
    public static int OpenTreeClone(string path) => (int)Syscall3(SysOpenTree, AtFdCwd, path, OpenTreeCloneFlag | O_CLOEXEC);

    /// <summary>Attaches the detached mount <paramref name="treeFd"/> at <paramref name="target"/> in the calling thread's namespace.</summary>
    public static int MoveMount(int treeFd, string target) => (int)Syscall5(SysMoveMount, treeFd, string.Empty, AtFdCwd, target, MoveMountFEmptyPath);

    /// <summary>
    /// Attaches the detached mount <paramref name="treeFd"/> beneath the mount on top at <paramref name="target"/>
    /// (MOVE_MOUNT_BENEATH, Linux 6.5+), so that detaching the top one reveals it with no instant between.
    /// </summary>
    public static int MoveMountBeneath(int treeFd, string target) =>
        (int)Syscall5(SysMoveMount, treeFd, string.Empty, AtFdCwd, target, MoveMountFEmptyPath | MoveMountBeneathFlag);

    /// <summary>Makes the detached mount read-only before it is attached.</summary>
    public static unsafe int SetReadOnly(int treeFd)
    {
        var attr = new MountAttr { AttrSet = MountAttrReadOnly };
        return (int)Syscall5(SysMountSetattr, treeFd, string.Empty, AtEmptyPath, &attr, sizeof(MountAttr));
    }

    public static int LastErrno() => Marshal.GetLastPInvokeError();

    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr
    {
        public ulong AttrSet;
        public ulong AttrClear;
        public ulong Propagation;
        public ulong UsernsFd;
    }
}
