using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Lxcfs.Interop;

namespace Lxcfs.Daemon.Hosting;

/// <summary>
/// The pidfile, write-locked with fcntl(F_SETLK) for the daemon's lifetime like LXCFS's, so a second
/// instance on the same pidfile (ours or lxcfs) refuses to start. Removed on dispose.
/// </summary>
public sealed class PidFileLock : IDisposable
{
    private readonly string _path;
    private int _fd;

    private PidFileLock(string path, int fd)
    {
        _path = path;
        _fd = fd;
    }

    /// <summary>Takes the lock and writes our pid; throws <see cref="InvalidOperationException"/> with the holder's pid when taken.</summary>
    public static unsafe PidFileLock Acquire(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var fd = Libc.Open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, 0x1A4 /* 0644 */);
        if (fd < 0)
        {
            throw new InvalidOperationException($"cannot open pidfile {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        var wanted = new Libc.Flock { l_type = Libc.F_WRLCK };
        if (Libc.Fcntl(fd, Libc.F_SETLK, &wanted) != 0)
        {
            var holder = new Libc.Flock { l_type = Libc.F_WRLCK };
            var pid = Libc.Fcntl(fd, Libc.F_GETLK, &holder) == 0 && holder.l_type != Libc.F_UNLCK ? holder.l_pid : 0;
            _ = Libc.Close(fd);
            throw new InvalidOperationException($"pidfile {path} is locked by another running instance{(pid > 0 ? $" (pid {pid})" : string.Empty)}");
        }

        var text = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        _ = Libc.Ftruncate(fd, 0);
        fixed (byte* p = text)
        {
            _ = Libc.PWrite(fd, p, (nuint)text.Length, 0);
        }

        return new PidFileLock(path, fd);
    }

    /// <summary>Takes the lock, retrying while a predecessor that is handing over still holds it.</summary>
    public static PidFileLock Acquire(string path, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                return Acquire(path);
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Lets go of the lock but leaves the file, for a successor that is waiting to take it.</summary>
    public void Release()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Libc.Close(fd);
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            // Unlink while still holding the lock, so a starting successor never sees our pid unlocked.
            File.Delete(_path);
            _ = Libc.Close(fd);
        }
    }
}
