using System.Runtime.InteropServices;

namespace Lxcfs.Interop;

public static partial class Libc
{
    public const int CLONE_FS = 0x200;
    public const int CLONE_NEWNS = 0x20000;
    public const int CLONE_NEWCGROUP = 0x02000000;

    [LibraryImport(Lib, EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);

    [LibraryImport(Lib, EntryPoint = "setns", SetLastError = true)]
    public static partial int Setns(int fd, int namespaceType);
}
