using System.Buffers;
using System.Runtime.InteropServices;

namespace Lxcfs.Proc.Views;

/// <summary>
/// Reads pseudo-files (procfs, sysfs, cgroupfs) whose size is unknown until read to the end, with plain
/// open/read/close: no FileStream, no stat, no advisory lock, no exception for a missing file.
/// </summary>
public static partial class HostFile
{
    private const int O_RDONLY_CLOEXEC = 0x80000;
    private const int EINTR = 4;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int EACCES = 13;

    /// <summary>Appends the whole file to <paramref name="output"/>; returns the bytes copied. Throws like File APIs do.</summary>
    public static int CopyTo(string path, IBufferWriter<byte> output)
    {
        var errno = TryCopyTo(path, output, out var copied);
        return errno == 0 ? copied : throw ToException(path, errno);
    }

    /// <summary>Appends the whole file; returns 0, or the errno that stopped it (what was read stays appended).</summary>
    public static unsafe int TryCopyTo(string path, IBufferWriter<byte> output, out int copied)
    {
        ArgumentNullException.ThrowIfNull(output);
        copied = 0;
        var fd = Open(path, O_RDONLY_CLOEXEC);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        try
        {
            while (true)
            {
                var span = output.GetSpan(4096);
                nint n;
                fixed (byte* p = span)
                {
                    n = Read(fd, p, (nuint)span.Length);
                }

                if (n > 0)
                {
                    output.Advance((int)n);
                    copied += (int)n;
                }
                else if (n == 0)
                {
                    return 0;
                }
                else if (Marshal.GetLastPInvokeError() is var errno and not EINTR)
                {
                    return errno;
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>True for the errnos that mean "not there" (the process, cgroup or file is gone).</summary>
    public static bool IsMissing(int errno) => errno is ENOENT or ENOTDIR;

    public static Exception ToException(string path, int errno) => errno switch
    {
        ENOENT => new FileNotFoundException($"{path}: no such file", path),
        ENOTDIR => new DirectoryNotFoundException($"{path}: a path component is not a directory"),
        EACCES => new UnauthorizedAccessException($"{path}: permission denied"),
        _ => new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno),
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
