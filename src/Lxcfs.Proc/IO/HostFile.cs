using System.Buffers;
using System.Runtime.InteropServices;
using Lxcfs.Buffers;
using Lxcfs.Interop;

namespace Lxcfs.Proc.IO;

/// <summary>
/// Reads pseudo-files (procfs, sysfs, cgroupfs) whose size is unknown until read to the end, with plain
/// syscalls: no FileStream, no stat, no advisory lock, no exception for a missing file.
/// </summary>
public static class HostFile
{
    /// <summary>Reads a whole (pseudo-)file into a pooled buffer the caller disposes; throws like File APIs do.</summary>
    public static PooledBufferWriter Read(string path)
    {
        var buffer = new PooledBufferWriter();
        var errno = TryCopyTo(path, buffer, out _);
        if (errno == 0)
        {
            return buffer;
        }

        buffer.Dispose();
        throw ToException(path, errno);
    }

    /// <summary>Like <see cref="Read"/>, but null when the file or its directory does not exist.</summary>
    public static PooledBufferWriter? TryRead(string path)
    {
        var buffer = new PooledBufferWriter();
        var errno = TryCopyTo(path, buffer, out _);
        if (errno == 0)
        {
            return buffer;
        }

        buffer.Dispose();
        return IsMissing(errno) ? null : throw ToException(path, errno);
    }

    /// <summary>Appends the whole file to <paramref name="output"/>; returns the bytes copied. Throws like File APIs do.</summary>
    public static int CopyTo(string path, IBufferWriter<byte> output)
    {
        var errno = TryCopyTo(path, output, out var copied);
        return errno == 0 ? copied : throw ToException(path, errno);
    }

    /// <summary>
    /// Appends the whole file; returns 0, or the errno that stopped it (what was read stays appended).
    /// Pseudo-files are kept open and read again at offset 0 (<see cref="OpenPseudoFiles"/>).
    /// </summary>
    public static int TryCopyTo(string path, IBufferWriter<byte> output, out int copied)
    {
        ArgumentNullException.ThrowIfNull(output);
        var kept = OpenPseudoFiles.TryCopyTo(path, output, out copied);
        if (kept >= 0)
        {
            return kept;
        }

        var fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        var errno = OpenPseudoFiles.ReadAll(fd, output, shortReadEnd: -1, out copied);
        if (errno != 0 || !OpenPseudoFiles.Qualifies(path, fd, out var shortReadEnd) || !OpenPseudoFiles.Keep(path, fd, shortReadEnd))
        {
            _ = Libc.Close(fd);
        }

        return errno;
    }

    /// <summary>True for the errnos that mean "not there" (the process, cgroup or file is gone).</summary>
    public static bool IsMissing(int errno) => errno is Errno.ENOENT or Errno.ENOTDIR;

    public static Exception ToException(string path, int errno) => errno switch
    {
        Errno.ENOENT => new FileNotFoundException($"{path}: no such file", path),
        Errno.ENOTDIR => new DirectoryNotFoundException($"{path}: a path component is not a directory"),
        Errno.EACCES => new UnauthorizedAccessException($"{path}: permission denied"),
        _ => new IOException($"{path}: {Errno.Describe(errno)}", errno),
    };
}
