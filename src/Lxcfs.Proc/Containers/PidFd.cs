using Lxcfs.Interop;

namespace Lxcfs.Proc.Containers;

/// <summary>
/// A pidfd (Linux 5.3+): a handle on one process that can never come to mean another, so a cached
/// init is checked with one syscall instead of re-reading its start time and namespace.
/// </summary>
internal sealed class PidFd : IDisposable
{
    private int _fd;

    private PidFd(int fd) => _fd = fd;

    /// <summary>Opens a pidfd for <paramref name="pid"/>; null when the process is gone or the kernel has none.</summary>
    public static PidFd? TryOpen(int pid)
    {
        var fd = Libc.PidfdOpen(pid);
        return fd >= 0 ? new PidFd(fd) : null;
    }

    /// <summary>True while the process has not exited (signal 0 checks without sending anything).</summary>
    public bool IsAlive => Volatile.Read(ref _fd) >= 0 && Libc.PidfdSendSignal(_fd, 0) == 0;

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Libc.Close(fd);
        }
    }
}
