namespace Lxcfs.Fuse.Session;

/// <summary>
/// Which of a session's reader threads waits in read(2) for the next request: one at a time. The kernel
/// hands each request to the reader that has waited longest, so with every reader waiting, the requests
/// of one read of a file (OPEN, READ, the READ that finds the end, RELEASE) alternate between threads,
/// each woken cold and often on another CPU. With one thread waiting, that thread gets them all, warm
/// (docs/daemon.md, Protocol, has the figures).
/// <para>
/// The others wait here, and take the turn when its holder gives it up before work that may take long
/// (<see cref="Yield"/>: a container seen for the first time, a READ waiting for another thread's
/// render), or when the holder has spent a stall interval (<see cref="DefaultStallMilliseconds"/>) inside
/// one request (stuck in the kernel, say), so that a slow request holds up the others for at most that
/// long. A holder that lost its turn answers the request it has, then waits. One waiting reader watches
/// for a stall, waking once an interval; the others sleep until the turn is given up.
/// </para>
/// </summary>
/// <param name="stallMilliseconds">how long one request may hold the turn before a waiting reader takes it</param>
internal sealed class ReadingTurn(int stallMilliseconds = ReadingTurn.DefaultStallMilliseconds)
{
    public const int DefaultStallMilliseconds = 100;

    private readonly QuietSemaphore _released = new();
    private Seat? _holder;
    private Seat? _watcher;
    private volatile bool _closed;
    private int _seats = 1;
    private long _yields;
    private long _stalls;

    /// <summary>Times the turn was given up before slow work (<see cref="Yield"/>).</summary>
    public long Yields => Interlocked.Read(ref _yields);

    /// <summary>Times a waiting reader took the turn from a holder stuck inside one request.</summary>
    public long Stalls => Interlocked.Read(ref _stalls);

    /// <summary>Waits until <paramref name="seat"/> holds the turn; false once the turn is closed (the session stops).</summary>
    public bool Take(Seat seat)
    {
        while (!_closed)
        {
            var holder = Volatile.Read(ref _holder);
            if (holder == seat)
            {
                return true;
            }

            if (holder is null)
            {
                if (Interlocked.CompareExchange(ref _holder, seat, null) is null)
                {
                    StopWatching(seat);
                    return true;
                }

                continue;
            }

            if (Interlocked.CompareExchange(ref _watcher, seat, null) is { } watcher && watcher != seat)
            {
                _released.Wait();
                continue;
            }

            // One request that outlasts a whole wait without a release: its holder is stuck.
            var served = holder.Served;
            var busy = holder.InRequest;
            if (!_released.Wait(stallMilliseconds) && busy && holder.InRequest && holder.Served == served
                && Interlocked.CompareExchange(ref _holder, seat, holder) == holder)
            {
                Interlocked.Increment(ref _stalls);
                StopWatching(seat);
                return true;
            }
        }

        return false;
    }

    /// <summary>Gives the turn up, if <paramref name="seat"/> holds it, to a waiting reader.</summary>
    public void Yield(Seat seat)
    {
        if (Interlocked.CompareExchange(ref _holder, null, seat) == seat)
        {
            Interlocked.Increment(ref _yields);
            _released.Release();
        }
    }

    /// <summary>Reopens the turn for a new start of <paramref name="seats"/> readers.</summary>
    public void Open(int seats)
    {
        _seats = Math.Max(1, seats);
        Volatile.Write(ref _holder, null);
        Volatile.Write(ref _watcher, null);
        _closed = false;
    }

    /// <summary>Ends every wait: <see cref="Take"/> returns false from now on (a session may stop twice).</summary>
    public void Close()
    {
        _closed = true;
        _released.Release(_seats);
    }

    // A watcher that takes the turn wakes a sleeping reader to watch in its place.
    private void StopWatching(Seat seat)
    {
        if (Interlocked.CompareExchange(ref _watcher, null, seat) == seat)
        {
            _released.Release();
        }
    }

    /// <summary>A reader's place at the turn: whether it is inside a request, and how many it has answered.</summary>
    public sealed class Seat
    {
        private volatile bool _inRequest;
        private long _served;

        public bool InRequest => _inRequest;

        public long Served => Volatile.Read(ref _served);

        public void Begin() => _inRequest = true;

        public void End()
        {
            Volatile.Write(ref _served, _served + 1);
            _inRequest = false;
        }
    }
}
