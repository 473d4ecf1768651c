using System.Runtime.InteropServices;

namespace Lxcfs.Interop;

public static partial class Libc
{
    public const int O_RDONLY = 0;
    public const int O_RDWR = 2;
    public const int O_ACCMODE = 3;
    public const int O_CREAT = 0x40;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_DIRECTORY = 0x10000;
    public const int O_CLOEXEC = 0x80000;

    public const int F_GETLK = 5;
    public const int F_SETLK = 6;
    public const short F_WRLCK = 1;
    public const short F_UNLCK = 2;

    /// <summary>open(2); <paramref name="mode"/> only matters with O_CREAT.</summary>
    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode = 0);

    /// <summary>
    /// close(2) without SetLastError: Linux releases the descriptor whatever close says (even on EINTR), so
    /// no caller reads its errno, and an errno read for the call before it stays intact.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "pread", SetLastError = true)]
    public static unsafe partial nint PRead(int fd, byte* buffer, nuint count, long offset);

    public const int RLIMIT_NOFILE = 7;
    public const int CLOCK_BOOTTIME = 7;

    /// <summary>clock_gettime(2) (through the vDSO: no syscall); <paramref name="time"/> is tv_sec then tv_nsec.</summary>
    [LibraryImport(Lib, EntryPoint = "clock_gettime", SetLastError = true)]
    public static unsafe partial int ClockGetTime(int clock, long* time);

    /// <summary>getrlimit(2): <paramref name="limits"/>[0] is the soft limit, [1] the hard one.</summary>
    [LibraryImport(Lib, EntryPoint = "getrlimit", SetLastError = true)]
    public static unsafe partial int GetRLimit(int resource, ulong* limits);

    /// <summary>readlink(2) of a NUL-terminated path: the link text's length (not terminated), or −1.</summary>
    [LibraryImport(Lib, EntryPoint = "readlink", SetLastError = true)]
    public static unsafe partial nint ReadLink(byte* path, byte* buffer, nuint size);

    [LibraryImport(Lib, EntryPoint = "pwrite", SetLastError = true)]
    public static unsafe partial nint PWrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Lib, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(int fd, long length);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static unsafe partial int Ioctl(int fd, nuint request, void* argument);

    /// <summary>fcntl(2) for the record locks (F_GETLK, F_SETLK), the only commands used.</summary>
    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    public static unsafe partial int Fcntl(int fd, int command, Flock* flock);

    /// <summary>statfs(2) into a caller's buffer of at least 120 bytes (struct statfs on 64-bit Linux).</summary>
    [LibraryImport(Lib, EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int StatFs(string path, long* buffer);

    /// <summary>fstatfs(2) into a caller's buffer: struct statfs starts with f_type, a long on 64-bit Linux.</summary>
    [LibraryImport(Lib, EntryPoint = "fstatfs", SetLastError = true)]
    public static unsafe partial int FStatFs(int fd, long* buffer);

    /// <summary>struct flock (x86_64 and aarch64): what fcntl's record locks take and report.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Flock
    {
        public short l_type;
        public short l_whence;
        public long l_start;
        public long l_len;
        public int l_pid;
    }
}
