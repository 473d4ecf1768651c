using Lxcfs.Fuse.Interop;
using Lxcfs.Fuse.Protocol;

namespace Lxcfs.Fuse.Session;

/// <summary>
/// Serves a mounted connection: INIT on the connection's own descriptor, then one reader thread per
/// cloned descriptor. Each reader waits on its descriptor (exclusively: one request wakes one reader)
/// together with a wake-up pipe, so <see cref="Stop"/> ends them at once, between requests, never
/// leaving one read but unanswered.
/// </summary>
public sealed class FuseSession : IDisposable
{
    private const int NotifyResend = 7;

    private readonly FuseDevice _device;
    private readonly FuseProtocolServer _server;
    private readonly List<Thread> _readers = [];
    private readonly List<FuseDevice> _clones = [];
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WakePipe _wake = new();
    private volatile bool _stopping;

    private readonly Action? _readerStarted;

    /// <param name="device">the mounted (or handed-over) connection</param>
    /// <param name="server">answers the requests</param>
    /// <param name="readerStarted">runs first on every reader thread (per-thread setup such as joining a namespace)</param>
    public FuseSession(FuseDevice device, FuseProtocolServer server, Action? readerStarted = null)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _server = server ?? throw new ArgumentNullException(nameof(server));
        _readerStarted = readerStarted;
    }

    /// <summary>Completes when the connection ends (unmounted, aborted) or the session stops; the text says why.</summary>
    public Task<string> Ended => _ended.Task;

    public FuseDevice Device => _device;

    /// <summary>Answers the kernel's INIT, which always comes first on a new connection.</summary>
    public void Initialize()
    {
        var request = new byte[RequestBufferSize(64 * 1024)];
        var reply = new byte[FuseProtocolServer.MinReplyBufferSize];
        while (_server.Negotiated is null)
        {
            var n = _device.Read(request);
            if (n == -Errno.EINTR || n == -Errno.EAGAIN)
            {
                continue;
            }

            if (n < 0)
            {
                throw FuseException.FromErrno("reading INIT from the FUSE device failed", -n);
            }

            var length = _server.HandleRequest(request.AsSpan(0, n), reply);
            if (length > 0 && _device.Write(reply.AsSpan(0, length)) is var error and < 0)
            {
                throw FuseException.FromErrno("answering INIT failed", -error);
            }
        }
    }

    /// <summary>Starts <paramref name="readers"/> reader threads, each on its own clone of the connection.</summary>
    public void Start(int readers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(readers, 1);
        _stopping = false;
        var maxWrite = (int)(_server.Negotiated?.MaxWrite ?? 4096);
        for (var i = 0; i < readers; i++)
        {
            var clone = _device.Clone();
            _clones.Add(clone);
            var thread = new Thread(() => Serve(clone, RequestBufferSize(maxWrite)))
            {
                IsBackground = true,
                Name = $"fuse-reader-{i}",
            };
            _readers.Add(thread);
            thread.Start();
        }
    }

    /// <summary>
    /// Stops the readers between requests and waits for them, so no request is left read but
    /// unanswered; the connection stays mounted and its requests wait in the kernel's queue.
    /// </summary>
    public void Stop()
    {
        _stopping = true;
        _wake.Raise();
        foreach (var thread in _readers)
        {
            thread.Join();
        }

        _wake.Clear();
        foreach (var clone in _clones)
        {
            clone.Dispose();
        }

        _readers.Clear();
        _clones.Clear();
    }

    /// <summary>
    /// Asks the kernel to queue again every request read but not answered on this connection
    /// (FUSE_NOTIFY_RESEND, Linux 6.9+): a predecessor that died mid-request loses nothing. Returns
    /// false where the kernel does not know the notification.
    /// </summary>
    public bool RequestResend()
    {
        Span<byte> notify = stackalloc byte[16];
        var header = new Protocol.FuseOutHeader { Len = 16, Error = NotifyResend, Unique = 0 };
        System.Runtime.InteropServices.MemoryMarshal.Write(notify, in header);
        return _device.Write(notify) == 0;
    }

    public void Dispose()
    {
        Stop();
        _device.Dispose();
        _wake.Dispose();
        _ended.TrySetResult("stopped");
    }

    // The kernel refuses a read into less than max(8192, 80 + max_write) bytes, consuming nothing.
    private static int RequestBufferSize(int maxWrite) => Math.Max(8192, 80 + maxWrite) + 4096;

    private void Serve(FuseDevice device, int requestSize)
    {
        _readerStarted?.Invoke();
        var request = new byte[requestSize];
        var reply = new byte[FuseProtocolServer.MinReplyBufferSize];
        using var wait = new ReaderWait(device.Fd, _wake.ReadFd);
        while (!_stopping)
        {
            if (!wait.Wait())
            {
                continue;
            }

            var n = device.Read(request);
            switch (-n)
            {
                case Errno.EINTR or Errno.EAGAIN or Errno.ENOENT:
                    // Nothing after all, or a request its caller abandoned before we read it.
                    continue;
                case Errno.ENODEV:
                    _ended.TrySetResult("unmounted");
                    return;
                case Errno.ECONNABORTED:
                    _ended.TrySetResult("connection aborted");
                    return;
                case > 0:
                    _ended.TrySetResult($"reading the FUSE device failed (errno {-n})");
                    return;
            }

            var length = _server.HandleRequest(request.AsSpan(0, n), reply);
            if (length > 0)
            {
                // ENOENT: the request was interrupted or the connection aborted meanwhile; nobody waits.
                _ = device.Write(reply.AsSpan(0, length));
            }

            if (_server.Destroyed)
            {
                _ended.TrySetResult("destroyed");
                return;
            }
        }
    }
}
