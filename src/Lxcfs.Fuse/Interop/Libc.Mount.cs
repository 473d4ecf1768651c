using System.Runtime.InteropServices;

namespace Lxcfs.Fuse.Interop;

internal static partial class Libc
{
    public const ulong MS_NOSUID = 2;
    public const ulong MS_NODEV = 4;

    public const int MNT_FORCE = 1;
    public const int MNT_DETACH = 2;

    [LibraryImport(Lib, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fsType, ulong flags, string data);

    [LibraryImport(Lib, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    /// <summary>stat(2) for its errno only: the struct is written to a scratch buffer large enough for any ABI.</summary>
    [LibraryImport(Lib, EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Stat(string path, byte* statBuffer);

    public const int O_DIRECTORY = 0x10000;

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

        Close(fd);
        return 0;
    }

    public static unsafe int StatErrno(string path)
    {
        byte* scratch = stackalloc byte[256];
        return Stat(path, scratch) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }
}
