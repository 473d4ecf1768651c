using System.Runtime.InteropServices;

namespace Lxcfs.Proc.Containers;

/// <summary>
/// A pidfd (Linux 5.3+): a handle on one process that can never come to mean another, so a cached
/// init is checked with one syscall instead of re-reading its start time and namespace.
/// </summary>
internal sealed partial class PidFd : IDisposable
{
    private const long SysPidfdOpen = 434;
    private const long SysPidfdSendSignal = 424;

    private int _fd;

    private PidFd(int fd) => _fd = fd;

    /// <summary>Opens a pidfd for <paramref name="pid"/>; null when the process is gone or the kernel has none.</summary>
    public static PidFd? TryOpen(int pid)
    {
        var fd = (int)Syscall(SysPidfdOpen, pid, 0, 0, 0);
        return fd >= 0 ? new PidFd(fd) : null;
    }

    /// <summary>True while the process has not exited (signal 0 checks without sending anything).</summary>
    public bool IsAlive => Volatile.Read(ref _fd) >= 0 && Syscall(SysPidfdSendSignal, _fd, 0, 0, 0) == 0;

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a, long b, long c, long d);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
