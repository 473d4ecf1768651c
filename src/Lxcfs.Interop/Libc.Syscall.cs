using System.Runtime.InteropServices;

namespace Lxcfs.Interop;

public static partial class Libc
{
    // syscall(2), for the calls older glibc has no wrapper for (the mount API, pidfds). It reads its
    // arguments as longs, hence nint. Their numbers, all from 424 on, are the same on every architecture.

    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, nint a1, nint a2, nint a3, nint a4);

    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Syscall(nint number, nint a1, string a2, nint a3);

    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Syscall(nint number, nint a1, string a2, nint a3, string a4, nint a5);

    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint Syscall(nint number, nint a1, string a2, nint a3, MountAttr* a4, nint a5);
}
