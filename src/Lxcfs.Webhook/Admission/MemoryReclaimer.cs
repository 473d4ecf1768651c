namespace Lxcfs.Webhook.Admission;

/// <summary>
/// Gives memory back to the node after a burst of large reviews. The GC would keep the heap it grew for
/// them until the next full collection, which an idle webhook may not need for hours; so once the
/// requests are all answered and nothing large came for a moment, a compacting full collection returns
/// what the burst took. Kestrel hands the blocks its connections buffered back to the GC only bit by bit
/// (an eviction pass every 10 s drops a few percent of its idle blocks), and an idle webhook allocates
/// too little to collect them; so collections follow, <see cref="Interval"/> apart, for ten minutes.
/// Each costs milliseconds on a heap this small. Bursts of ordinary reviews never trigger any.
/// </summary>
public sealed partial class MemoryReclaimer : IDisposable
{
    private readonly InFlightBudget _budget;
    private readonly long _largeReservation;
    private readonly ILogger<MemoryReclaimer> _logger;
    private readonly Timer _timer;
    private int _remaining;

    public MemoryReclaimer(InFlightBudget budget, long largeReservation, TimeSpan quiet, ILogger<MemoryReclaimer> logger)
    {
        _budget = budget;
        _largeReservation = largeReservation;
        _logger = logger;
        Quiet = quiet;
        _timer = new Timer(_ => Reclaim());
        budget.Idle += OnIdle;
    }

    public TimeSpan Quiet { get; }

    /// <summary>Between the collections that follow the first one.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(12);

    /// <summary>Collections after a burst: the first, and the ones that catch Kestrel's later evictions.</summary>
    public const int CollectionsPerBurst = 50;

    /// <summary>Full collections run so far.</summary>
    public int Collections { get; private set; }

    public void Dispose()
    {
        _budget.Idle -= OnIdle;
        _timer.Dispose();
    }

    private void OnIdle(long largest)
    {
        if (largest >= _largeReservation)
        {
            // Restarted by every large burst that ends: the collections run once things are quiet.
            Volatile.Write(ref _remaining, CollectionsPerBurst);
            _timer.Change(Quiet, Interval);
        }
    }

    private void Reclaim()
    {
        if (Interlocked.Decrement(ref _remaining) < 0)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        if (_budget.Reserved > 0)
        {
            // Busy: this round is skipped; a large burst ending schedules all of them anew.
            return;
        }

        var before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Collections++;
        if (Volatile.Read(ref _remaining) == CollectionsPerBurst - 1)
        {
            LogReclaimed(before >> 20, Environment.WorkingSet >> 20);
        }
        else
        {
            LogReclaimedAgain(before >> 20, Environment.WorkingSet >> 20);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Large reviews answered: full collection, working set {Before} MiB -> {After} MiB")]
    private partial void LogReclaimed(long before, long after);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Full collection after large reviews, working set {Before} MiB -> {After} MiB")]
    private partial void LogReclaimedAgain(long before, long after);
}
