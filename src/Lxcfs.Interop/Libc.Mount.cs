using System.Runtime.InteropServices;

namespace Lxcfs.Interop;

public static partial class Libc
{
    public const ulong MS_NOSUID = 2;
    public const ulong MS_NODEV = 4;

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

    [LibraryImport(Lib, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fsType, ulong flags, string data);

    [LibraryImport(Lib, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    /// <summary>stat(2) for its errno only: the struct is written to a scratch buffer large enough for any ABI.</summary>
    [LibraryImport(Lib, EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* statBuffer);

    /// <summary>
    /// errno of opening <paramref name="path"/> as a directory (0 when it opens). Unlike stat, which the
    /// kernel may answer from its cache for a dead FUSE mount, an open reaches the daemon: ENOTCONN when it is gone.
    /// </summary>
    public static int OpenDirectoryErrno(string path)
    {
        var fd = Open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        _ = Close(fd);
        return 0;
    }

    /// <summary>errno of stat(2) on <paramref name="path"/>, 0 when it succeeds.</summary>
    public static unsafe int StatErrno(string path)
    {
        byte* scratch = stackalloc byte[256];
        return Stat(path, scratch) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>A detached copy of the mount at <paramref name="path"/> (the path's own mount, not its children), as an fd.</summary>
    public static int OpenTreeClone(string path) => (int)Syscall(SysOpenTree, AtFdCwd, path, OpenTreeCloneFlag | O_CLOEXEC);

    /// <summary>Attaches the detached mount <paramref name="treeFd"/> at <paramref name="target"/> in the calling thread's namespace.</summary>
    public static int MoveMount(int treeFd, string target) => (int)Syscall(SysMoveMount, treeFd, string.Empty, AtFdCwd, target, MoveMountFEmptyPath);

    /// <summary>
    /// Attaches the detached mount <paramref name="treeFd"/> beneath the mount on top at <paramref name="target"/>
    /// (MOVE_MOUNT_BENEATH, Linux 6.5+), so that detaching the top one reveals it with no instant between.
    /// </summary>
    public static int MoveMountBeneath(int treeFd, string target) =>
        (int)Syscall(SysMoveMount, treeFd, string.Empty, AtFdCwd, target, MoveMountFEmptyPath | MoveMountBeneathFlag);

    /// <summary>Makes the detached mount <paramref name="treeFd"/> read-only before it is attached.</summary>
    public static unsafe int SetReadOnly(int treeFd)
    {
        var attr = new MountAttr { AttrSet = MountAttrReadOnly };
        return (int)Syscall(SysMountSetattr, treeFd, string.Empty, AtEmptyPath, &attr, sizeof(MountAttr));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr
    {
        public ulong AttrSet;
        public ulong AttrClear;
        public ulong Propagation;
        public ulong UsernsFd;
    }
}
