using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Lxcfs.Interop;

namespace Lxcfs.Proc.IO;

/// <summary>
/// Descriptors of cgroupfs, sysfs and procfs files kept open and read again with <c>pread</c> at offset 0,
/// which makes the kernel's seq_file render the content afresh. A view read then costs two syscalls per
/// pseudo-file instead of four (open, read, read to the end, close), and no path walk or open-file setup
/// in kernfs. Only those filesystems qualify (an ordinary file, as in fixture trees, is always opened
/// anew, so a replaced file is seen); per-process files under <c>/proc/PID</c> and the task lists, whose
/// kernel iterators cache their pid lists for a while, are never kept.
/// A kept file whose cgroup was removed reads <c>ENODEV</c>: it is closed and the path opened afresh,
/// which then reports the file missing. Descriptors unused for <see cref="IdleMilliseconds"/> are closed,
/// and at most <see cref="MaxOpen"/> are kept.
/// </summary>
internal static class OpenPseudoFiles
{
    public const long IdleMilliseconds = 10_000;

    /// <summary>
    /// A node with a thousand containers keeps about seven files of each open; a cap below that would make
    /// every read past it pay a path walk and an open. Half the descriptor limit (which the runtime raises
    /// to the hard limit at start) leaves the rest to everything else, and each kept file costs the kernel
    /// about a page of seq_file buffer.
    /// </summary>
    public static readonly int MaxOpen = Math.Clamp(DescriptorLimit() / 2, 512, 32_768);

    private const long CgroupMagic = 0x27e0eb;
    private const long Cgroup2Magic = 0x63677270;
    private const long SysfsMagic = 0x62656572;
    private const long ProcMagic = 0x9fa0;

    // The seq_file buffer starts at a page and only grows (for a record that does not fit an empty one).
    private const int SeqFilePage = 4096;

    private static readonly ConcurrentDictionary<string, Kept> s_kept = new(StringComparer.Ordinal);
    private static long s_lastSweep = Environment.TickCount64;

    /// <summary>
    /// Appends the file through a kept descriptor: 0 or an errno, or −1 when the path has none kept (the
    /// caller opens it). <see cref="Keep"/> offers a descriptor the caller opened.
    /// </summary>
    public static int TryCopyTo(string path, IBufferWriter<byte> output, out int copied)
    {
        copied = 0;
        Sweep();
        if (!s_kept.TryGetValue(path, out var kept))
        {
            return -1;
        }

        var errno = kept.TryCopyTo(output, out copied);
        if (errno == 0)
        {
            return 0;
        }

        // Gone (ENODEV: the cgroup was removed) or closed meanwhile: the caller opens the path afresh,
        // unless part of the file was already appended, which a second read would repeat.
        Forget(path, kept);
        return (errno == Errno.ENODEV || kept.IsClosed) && copied == 0 ? -1 : errno;
    }

    /// <summary>
    /// True when <paramref name="path"/> may be kept open and read again at offset 0. <paramref name="shortReadEnd"/>
    /// is the longest short read that proves the end of the file (−1: none does, read until 0 bytes): any, for a
    /// file the kernel renders as one seq_file record; for a file of small records, one that left room in the
    /// seq_file's page-sized buffer for the largest record, since only a record that does not fit stops a read
    /// short of the end.
    /// </summary>
    public static bool Qualifies(string path, int fd, out int shortReadEnd)
    {
        shortReadEnd = -1;
        if (IsPerProcessOrTaskList(path) || FileSystemMagic(fd) is not { } magic)
        {
            return false;
        }

        // Every cgroup control file but the task lists (excluded above) is one seq_show; of the host's
        // files, these are single_open ones. cpuinfo and swaps are one record per CPU or device, and a
        // swap device's line holds its path, which may be as long as a page.
        if (magic is CgroupMagic or Cgroup2Magic || path.EndsWith("/proc/meminfo", StringComparison.Ordinal)
            || path.EndsWith("/proc/uptime", StringComparison.Ordinal) || path.EndsWith("/proc/stat", StringComparison.Ordinal)
            || path.EndsWith("/proc/loadavg", StringComparison.Ordinal) || path.EndsWith("/devices/system/cpu/online", StringComparison.Ordinal))
        {
            shortReadEnd = int.MaxValue;
        }
        else if (path.EndsWith("/proc/diskstats", StringComparison.Ordinal))
        {
            // A line is two numbers, a disk name of at most 32 bytes and eighteen counters: under 512 bytes.
            shortReadEnd = SeqFilePage - 512;
        }

        return true;
    }

    /// <summary>Takes ownership of <paramref name="fd"/> for <paramref name="path"/>; false (fd not taken) when full or raced.</summary>
    public static bool Keep(string path, int fd, int shortReadEnd)
    {
        if (s_kept.Count >= MaxOpen)
        {
            return false;
        }

        return s_kept.TryAdd(path, new Kept(fd, shortReadEnd));
    }

    private static void Forget(string path, Kept kept)
    {
        if (s_kept.TryRemove(new KeyValuePair<string, Kept>(path, kept)))
        {
            kept.Close();
        }
    }

    private static void Sweep()
    {
        var last = Interlocked.Read(ref s_lastSweep);
        var now = Environment.TickCount64;
        if (now - last < IdleMilliseconds || Interlocked.CompareExchange(ref s_lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (path, kept) in s_kept)
        {
            if (now - kept.LastUsed > IdleMilliseconds)
            {
                Forget(path, kept);
            }
        }
    }

    private static bool IsPerProcessOrTaskList(string path)
    {
        var name = Path.GetFileName(path.AsSpan());
        if (name is "cgroup.procs" or "tasks" or "cgroup.threads")
        {
            return true;
        }

        // /proc/<pid>/..., /proc/self/..., /proc/thread-self/...: a recycled pid is another process.
        var procIndex = path.IndexOf("/proc/", StringComparison.Ordinal);
        if (procIndex < 0)
        {
            return false;
        }

        var rest = path.AsSpan(procIndex + 6);
        return rest.Length > 0 && (char.IsAsciiDigit(rest[0]) || rest.StartsWith("self") || rest.StartsWith("thread-self"));
    }

    private static unsafe int DescriptorLimit()
    {
        var limits = stackalloc ulong[2];
        return Libc.GetRLimit(Libc.RLIMIT_NOFILE, limits) == 0 ? (int)Math.Min(limits[0], int.MaxValue) : 1024;
    }

    private static unsafe long? FileSystemMagic(int fd)
    {
        // struct statfs starts with f_type (a long on 64-bit Linux); the rest is not needed.
        var buffer = stackalloc long[32];
        return Libc.FStatFs(fd, buffer) == 0 && buffer[0] is CgroupMagic or Cgroup2Magic or SysfsMagic or ProcMagic ? buffer[0] : null;
    }

    /// <summary>
    /// Appends the file from offset 0 to its end with pread; 0 or the errno that stopped it (what was read
    /// stays appended). A short read of at most <paramref name="shortReadEnd"/> bytes is the end (<see cref="Qualifies"/>).
    /// </summary>
    internal static unsafe int ReadAll(int fd, IBufferWriter<byte> output, int shortReadEnd, out int copied)
    {
        copied = 0;
        while (true)
        {
            var span = output.GetSpan(4096);
            nint n;
            fixed (byte* p = span)
            {
                n = Libc.PRead(fd, p, (nuint)span.Length, copied);
            }

            if (n > 0)
            {
                output.Advance((int)n);
                copied += (int)n;
                if (n < span.Length && n <= shortReadEnd)
                {
                    return 0; // the next read would only say so
                }
            }
            else if (n == 0)
            {
                return 0;
            }
            else if (Marshal.GetLastPInvokeError() is var errno and not Errno.EINTR)
            {
                return errno;
            }
        }
    }

    /// <summary>
    /// One kept descriptor. The lock covers a whole read: a second reader's pread at offset 0 would reset
    /// the seq_file under a first reader still part-way through a long file.
    /// </summary>
    private sealed class Kept(int fd, int shortReadEnd)
    {
        private readonly Lock _lock = new();
        private bool _closed;

        public long LastUsed { get; private set; } = Environment.TickCount64;

        public bool IsClosed
        {
            get
            {
                lock (_lock)
                {
                    return _closed;
                }
            }
        }

        public int TryCopyTo(IBufferWriter<byte> output, out int copied)
        {
            copied = 0;
            lock (_lock)
            {
                if (_closed)
                {
                    return Errno.ENODEV;
                }

                LastUsed = Environment.TickCount64;
                return ReadAll(fd, output, shortReadEnd, out copied);
            }
        }

        public void Close()
        {
            lock (_lock)
            {
                if (!_closed)
                {
                    _closed = true;
                    _ = Libc.Close(fd);
                }
            }
        }
    }
}
