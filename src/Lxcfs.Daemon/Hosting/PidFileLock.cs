using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Lxcfs.Daemon.Hosting;

/// <summary>
/// The pidfile, write-locked with fcntl(F_SETLK) for the daemon's lifetime like LXCFS's, so a second
/// instance on the same pidfile (ours or lxcfs) refuses to start. Removed on dispose.
/// </summary>
public sealed partial class PidFileLock : IDisposable
{
    private const int O_RDWR = 2;
    private const int O_CREAT = 0x40;
    private const int O_CLOEXEC = 0x80000;
    private const int F_SETLK = 6;
    private const int F_GETLK = 5;
    private const short F_WRLCK = 1;
    private const short F_UNLCK = 2;

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

        var fd = Open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0x1A4 /* 0644 */);
        if (fd < 0)
        {
            throw new InvalidOperationException($"cannot open pidfile {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        var wanted = new Flock { l_type = F_WRLCK };
        if (Fcntl(fd, F_SETLK, &wanted) != 0)
        {
            var holder = new Flock { l_type = F_WRLCK };
            var pid = Fcntl(fd, F_GETLK, &holder) == 0 && holder.l_type != F_UNLCK ? holder.l_pid : 0;
            Close(fd);
            throw new InvalidOperationException($"pidfile {path} is locked by another running instance{(pid > 0 ? $" (pid {pid})" : string.Empty)}");
        }

        var text = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        _ = Ftruncate(fd, 0);
        fixed (byte* p = text)
        {
            _ = Pwrite(fd, p, (nuint)text.Length, 0);
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
            Close(fd);
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            // Unlink while still holding the lock, so a starting successor never sees our pid unlocked.
            File.Delete(_path);
            Close(fd);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Flock
    {
        public short l_type;
        public short l_whence;
        public long l_start;
        public long l_len;
        public int l_pid;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static unsafe partial int Fcntl(int fd, int command, Flock* flock);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static unsafe partial nint Pwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
