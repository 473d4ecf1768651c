namespace Lxcfs.Webhook.Admission;

/// <summary>
/// Bytes that requests being read and answered may hold at once. A request reserves what it may need
/// before its body is read and gives it back when its answer is written; one that does not fit waits, in
/// arrival order, while Kestrel holds at most its small per-connection buffer of the body. A reservation
/// larger than the whole budget waits for the budget to be free and then takes all of it, so any request
/// under the body cap can always proceed.
/// </summary>
public sealed class InFlightBudget
{
    private readonly long _capacity;
    private readonly Queue<Waiter> _waiters = new();
    private long _reserved;
    private long _largest;

    public InFlightBudget(long capacity) => _capacity = capacity;

    /// <summary>Bytes reserved now.</summary>
    public long Reserved
    {
        get
        {
            lock (_waiters)
            {
                return _reserved;
            }
        }
    }

    /// <summary>
    /// Fired (outside the lock) when the last reservation of a busy period is given back, with the largest
    /// reservation of that period.
    /// </summary>
    public event Action<long>? Idle;

    /// <summary>Waits until <paramref name="bytes"/> fit; the lease gives them back when disposed.</summary>
    public ValueTask<Lease> ReserveAsync(long bytes, CancellationToken cancellation)
    {
        var amount = Math.Min(bytes, _capacity);
        Waiter waiter;
        lock (_waiters)
        {
            if (_waiters.Count == 0 && _reserved + amount <= _capacity)
            {
                _reserved += amount;
                return ValueTask.FromResult(new Lease(this, amount));
            }

            waiter = new Waiter(amount);
            _waiters.Enqueue(waiter);
        }

        return WaitAsync(waiter, cancellation);
    }

    private async ValueTask<Lease> WaitAsync(Waiter waiter, CancellationToken cancellation)
    {
        await using (cancellation.Register(() => Abandon(waiter)))
        {
            await waiter.Granted.Task.ConfigureAwait(false);
        }

        return new Lease(this, waiter.Amount);
    }

    private void Abandon(Waiter waiter)
    {
        bool abandoned;
        lock (_waiters)
        {
            // Granted meanwhile: the caller owns the lease and gives it back itself.
            abandoned = !waiter.Granted.Task.IsCompleted && RemoveWaiter(waiter);
        }

        if (abandoned)
        {
            waiter.Granted.TrySetCanceled();
            Release(0);
        }
    }

    private bool RemoveWaiter(Waiter waiter)
    {
        var count = _waiters.Count;
        for (var i = 0; i < count; i++)
        {
            var next = _waiters.Dequeue();
            if (!ReferenceEquals(next, waiter))
            {
                _waiters.Enqueue(next);
            }
        }

        return _waiters.Count < count;
    }

    // Gives back `amount`, then grants waiters at the head of the queue for as long as they fit.
    private void Release(long amount)
    {
        List<Waiter>? granted = null;
        var idle = 0L;
        lock (_waiters)
        {
            _reserved -= amount;
            _largest = Math.Max(_largest, amount);
            while (_waiters.TryPeek(out var head) && _reserved + head.Amount <= _capacity)
            {
                _waiters.Dequeue();
                _reserved += head.Amount;
                (granted ??= []).Add(head);
            }

            if (amount > 0 && _reserved == 0)
            {
                (idle, _largest) = (_largest, 0);
            }
        }

        foreach (var waiter in granted ?? [])
        {
            waiter.Granted.TrySetResult();
        }

        if (idle > 0)
        {
            Idle?.Invoke(idle);
        }
    }

    /// <summary>A reservation; disposing it gives the bytes back.</summary>
    public readonly struct Lease(InFlightBudget budget, long amount) : IDisposable
    {
        public long Amount => amount;

        public void Dispose() => budget?.Release(amount);
    }

    private sealed class Waiter(long amount)
    {
        public long Amount => amount;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
