using System.Runtime.InteropServices;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Session;

/// <summary>An open <c>/dev/fuse</c> descriptor: the connection itself, or a clone reading its queue.</summary>
public sealed class FuseDevice : IDisposable
{
    public const string DevicePath = "/dev/fuse";

    // _IOR(229, 0, uint32_t)
    private const nuint FuseDevIocClone = 0x8004E500;

    private int _fd;

    private FuseDevice(int fd)
    {
        _fd = fd;
    }

    public int Fd => _fd;

    /// <summary>Opens a new, not yet mounted connection.</summary>
    public static FuseDevice Open()
    {
        if (!File.Exists(DevicePath))
        {
            throw new FuseException($"{DevicePath} is missing: load the fuse module or give the container the device");
        }

        // CLOEXEC: an inherited copy in a child would keep a dead daemon's connection alive and hang readers.
        var fd = Libc.Open(DevicePath, Libc.O_RDWR | Libc.O_CLOEXEC);
        return fd >= 0 ? new FuseDevice(fd) : throw FuseException.FromErrno($"cannot open {DevicePath}", Marshal.GetLastPInvokeError());
    }

    /// <summary>Wraps a descriptor received from a predecessor.</summary>
    public static FuseDevice Adopt(int fd) => new(fd);

    /// <summary>
    /// A second descriptor on the same connection with its own in-flight list (FUSE_DEV_IOC_CLONE), for
    /// one reader thread blocking in read(2).
    /// </summary>
    public unsafe FuseDevice Clone()
    {
        var fd = Libc.Open(DevicePath, Libc.O_RDWR | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw FuseException.FromErrno($"cannot open {DevicePath}", Marshal.GetLastPInvokeError());
        }

        var source = (uint)_fd;
        if (Libc.Ioctl(fd, FuseDevIocClone, &source) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = Libc.Close(fd);
            throw FuseException.FromErrno("cannot clone the FUSE connection", errno);
        }

        return new FuseDevice(fd);
    }

    /// <summary>Reads one request; returns its length, or −errno.</summary>
    public unsafe int Read(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            var n = Libc.Read(_fd, p, (nuint)buffer.Length);
            return n >= 0 ? (int)n : -Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>Writes one whole reply; returns 0 or −errno.</summary>
    public unsafe int Write(ReadOnlySpan<byte> reply)
    {
        fixed (byte* p = reply)
        {
            while (true)
            {
                var n = Libc.Write(_fd, p, (nuint)reply.Length);
                if (n >= 0)
                {
                    return 0;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    return -errno;
                }
            }
        }
    }

    /// <summary>Gives up ownership of the descriptor without closing it (it was handed to a successor).</summary>
    public int Release()
    {
        var fd = _fd;
        _fd = -1;
        return fd;
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Libc.Close(fd);
        }
    }
}
