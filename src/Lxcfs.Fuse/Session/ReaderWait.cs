using System.Runtime.InteropServices;
using Lxcfs.Fuse.Interop;

namespace Lxcfs.Fuse.Session;

/// <summary>
/// One reader's wait for work: an epoll set holding its device clone with EPOLLEXCLUSIVE (a request
/// wakes one reader, not all of them, as poll would) and the session's wake pipe (which wakes all).
/// </summary>
internal sealed unsafe class ReaderWait : IDisposable
{
    private const ulong DeviceTag = 1;
    private const ulong WakeTag = 2;

    private readonly int _epoll;

    public ReaderWait(int deviceFd, int wakeFd)
    {
        _epoll = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw FuseException.FromErrno("epoll_create1 failed", Marshal.GetLastPInvokeError());
        }

        Add(deviceFd, Libc.EPOLLIN | Libc.EPOLLEXCLUSIVE, DeviceTag);
        Add(wakeFd, Libc.EPOLLIN, WakeTag);
    }

    /// <summary>Blocks until a request may be read (true) or the session is woken to stop (false).</summary>
    public bool Wait()
    {
        var events = stackalloc byte[2 * 16];
        while (true)
        {
            var n = Libc.EpollWait(_epoll, events, 2, -1);
            if (n < 0)
            {
                if (Marshal.GetLastPInvokeError() == Errno.EINTR)
                {
                    continue;
                }

                return true; // let the read report what is wrong
            }

            var readable = false;
            for (var i = 0; i < n; i++)
            {
                var tag = Libc.EpollEvent.Data(events + (i * Libc.EpollEvent.Size));
                if (tag == WakeTag)
                {
                    return false;
                }

                readable |= tag == DeviceTag;
            }

            if (readable)
            {
                return true;
            }
        }
    }

    public void Dispose() => Libc.Close(_epoll);

    private void Add(int fd, uint events, ulong tag)
    {
        var ev = stackalloc byte[16];
        Libc.EpollEvent.Write(ev, events, tag);
        if (Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_ADD, fd, ev) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.Close(_epoll);
            throw FuseException.FromErrno("epoll_ctl failed", errno);
        }
    }
}
