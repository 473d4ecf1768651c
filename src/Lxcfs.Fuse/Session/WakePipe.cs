using System.Runtime.InteropServices;
using Lxcfs.Fuse.Interop;

namespace Lxcfs.Fuse.Session;

/// <summary>A non-blocking pipe whose read end, once raised, stays readable until cleared: wakes every poller at once.</summary>
internal sealed unsafe class WakePipe : IDisposable
{
    private readonly int _read;
    private readonly int _write;

    public WakePipe()
    {
        var fds = stackalloc int[2];
        if (Libc.Pipe2(fds, Libc.O_CLOEXEC | Libc.O_NONBLOCK) != 0)
        {
            throw FuseException.FromErrno("cannot create the wake-up pipe", Marshal.GetLastPInvokeError());
        }

        _read = fds[0];
        _write = fds[1];
    }

    public int ReadFd => _read;

    public void Raise()
    {
        byte one = 1;
        _ = Libc.Write(_write, &one, 1);
    }

    public void Clear()
    {
        var scratch = stackalloc byte[64];
        while (Libc.Read(_read, scratch, 64) > 0)
        {
        }
    }

    public void Dispose()
    {
        Libc.Close(_read);
        Libc.Close(_write);
    }
}
