using Lxcfs.Fuse.Protocol;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Session;

/// <summary>
/// Serves a mounted connection: INIT on the connection's own descriptor, then reader threads, each on a
/// cloned descriptor, taking turns to wait in read(2) (<see cref="ReadingTurn"/>).
/// <see cref="Stop"/> interrupts the readers between requests (<see cref="ReaderInterrupt"/>), never
/// leaving one read but unanswered.
/// </summary>
public sealed class FuseSession : IDisposable
{
    private const int NotifyResend = 7;

    private readonly FuseDevice _device;
    private readonly FuseProtocolServer _server;
    private readonly List<Reader> _readers = [];
    private readonly ReadingTurn _turn;
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    private readonly Action? _readerStarted;

    [ThreadStatic]
    private static ReadingTurn? t_turn;

    [ThreadStatic]
    private static ReadingTurn.Seat? t_seat;

    /// <param name="device">the mounted (or handed-over) connection</param>
    /// <param name="server">answers the requests</param>
    /// <param name="readerStarted">runs first on every reader thread (per-thread setup such as joining a namespace)</param>
    public FuseSession(FuseDevice device, FuseProtocolServer server, Action? readerStarted = null)
        : this(device, server, readerStarted, ReadingTurn.DefaultStallMilliseconds)
    {
    }

    /// <param name="device">see the public constructor</param>
    /// <param name="server">see the public constructor</param>
    /// <param name="readerStarted">see the public constructor</param>
    /// <param name="stallMilliseconds">how long one request may keep the others from being read (<see cref="ReadingTurn"/>)</param>
    internal FuseSession(FuseDevice device, FuseProtocolServer server, Action? readerStarted, int stallMilliseconds)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _server = server ?? throw new ArgumentNullException(nameof(server));
        _readerStarted = readerStarted;
        _turn = new ReadingTurn(stallMilliseconds);
    }

    /// <summary>
    /// One reader per CPU, 2 to 8: one waits in read(2) at a time, the others take over when it is slow
    /// (<see cref="ReadingTurn"/>), so that a slow request or two never holds up every other.
    /// </summary>
    public static int DefaultReaders => Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>Completes when the connection ends (unmounted, aborted) or the session stops; the text says why.</summary>
    public Task<string> Ended => _ended.Task;

    public FuseDevice Device => _device;

    /// <summary>Times a reader gave the reading turn up before slow work (<see cref="YieldReadingTurn"/>).</summary>
    public long TurnsYielded => _turn.Yields;

    /// <summary>Times a reader took the reading turn from one stuck inside a request (<see cref="ReadingTurn"/>).</summary>
    public long TurnsTakenFromStalls => _turn.Stalls;

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
        ReaderInterrupt.Install();
        _stopping = false;
        _turn.Open(readers);
        var maxWrite = (int)(_server.Negotiated?.MaxWrite ?? 4096);
        for (var i = 0; i < readers; i++)
        {
            var reader = new Reader(_device.Clone());
            reader.Thread = new Thread(() => Serve(reader, RequestBufferSize(maxWrite)))
            {
                IsBackground = true,
                Name = $"fuse-reader-{i}",
            };
            _readers.Add(reader);
            reader.Thread.Start();
        }
    }

    /// <summary>
    /// Stops the readers between requests and waits for them, so no request is left read but
    /// unanswered; the connection stays mounted and its requests wait in the kernel's queue.
    /// </summary>
    public void Stop()
    {
        _stopping = true;
        _turn.Close();
        foreach (var reader in _readers)
        {
            // A signal that lands just before the reader enters read(2) is lost: send it again until the thread ends.
            while (!reader.Thread!.Join(reader.Interrupt() ? 10 : 1))
            {
            }

            reader.Device.Dispose();
        }

        _readers.Clear();
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
        _ended.TrySetResult("stopped");
    }

    // The kernel refuses a read into less than max(8192, 80 + max_write) bytes, consuming nothing.
    private static int RequestBufferSize(int maxWrite) => Math.Max(8192, 80 + maxWrite) + 4096;

    /// <summary>
    /// Called by a reader thread about to do work that may take long (finding a container seen for the
    /// first time, waiting for another reader's render): another reader takes the turn to wait for
    /// requests meanwhile. Does nothing on other threads.
    /// </summary>
    public static void YieldReadingTurn()
    {
        if (t_seat is { } seat)
        {
            t_turn?.Yield(seat);
        }
    }

    private void Serve(Reader reader, int requestSize)
    {
        reader.Begin();
        t_turn = _turn;
        t_seat = reader.Seat;
        try
        {
            _readerStarted?.Invoke();
            Serve(reader.Device, reader.Seat, requestSize);
        }
        finally
        {
            t_turn = null;
            t_seat = null;
            reader.End();
        }
    }

    private void Serve(FuseDevice device, ReadingTurn.Seat seat, int requestSize)
    {
        var request = new byte[requestSize];
        var reply = new byte[FuseProtocolServer.MinReplyBufferSize];
        while (!_stopping && _turn.Take(seat))
        {
            var n = device.Read(request);
            switch (-n)
            {
                case Errno.EINTR or Errno.EAGAIN or Errno.ENOENT:
                    // Interrupted (a stop, or any signal), or a request its caller abandoned before we read it.
                    continue;
                case Errno.ENODEV:
                    End("unmounted");
                    return;
                case Errno.ECONNABORTED:
                    End("connection aborted");
                    return;
                case > 0:
                    End($"reading the FUSE device failed (errno {-n})");
                    return;
            }

            seat.Begin();
            try
            {
                var length = _server.HandleRequest(request.AsSpan(0, n), reply);
                if (length > 0)
                {
                    // ENOENT: the request was interrupted or the connection aborted meanwhile; nobody waits.
                    _ = device.Write(reply.AsSpan(0, length));
                }

                FuseProtocolServer.RunDeferred();
            }
            finally
            {
                seat.End();
            }

            if (_server.Destroyed)
            {
                End("destroyed");
                return;
            }
        }
    }

    // The connection is over for every reader: the ones waiting for the turn stop too.
    private void End(string why)
    {
        _ended.TrySetResult(why);
        _turn.Close();
    }

    /// <summary>A reader thread, its clone of the connection, and its kernel thread id while it runs.</summary>
    private sealed class Reader(FuseDevice device)
    {
        private readonly Lock _lock = new();
        private int _tid;

        public FuseDevice Device { get; } = device;

        public ReadingTurn.Seat Seat { get; } = new();

        public Thread? Thread { get; set; }

        public void Begin()
        {
            lock (_lock)
            {
                _tid = Libc.GetTid();
            }
        }

        public void End()
        {
            lock (_lock)
            {
                _tid = 0;
            }
        }

        /// <summary>Interrupts the reader's read, if it runs; under the lock so the thread cannot be gone meanwhile.</summary>
        public bool Interrupt()
        {
            lock (_lock)
            {
                return _tid != 0 && ReaderInterrupt.Interrupt(_tid);
            }
        }
    }
}
