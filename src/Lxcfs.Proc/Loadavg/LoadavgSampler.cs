using System.Collections.Concurrent;
using Lxcfs.Proc.Cgroups;

namespace Lxcfs.Proc.Loadavg;

/// <summary>
/// Keeps a load average per container cgroup (the <c>-l</c> switch). A cgroup is tracked from its first
/// read; every <see cref="Interval"/> (5 s, the kernel's LOAD_FREQ) each tracked cgroup is counted (<see cref="TaskCensus"/>) and its
/// averages stepped (<see cref="LoadAverage.Step"/>). Cgroups that disappear or empty are forgotten.
/// </summary>
/// <param name="roots">where procfs is</param>
/// <param name="interval">sampling period; the EXP_* constants assume the default 5 s, tests use less</param>
public sealed class LoadavgSampler(HostRoots roots, TimeSpan? interval = null) : IAsyncDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Tracked> _tracked = new(StringComparer.Ordinal);
    private CancellationTokenSource? _stop;
    private Task? _loop;

    /// <summary>A sampler over the real <c>/proc</c>.</summary>
    public LoadavgSampler()
        : this(HostRoots.Real)
    {
    }

    public TimeSpan Interval { get; } = interval ?? DefaultInterval;

    public int TrackedCount => _tracked.Count;

    /// <summary>Starts sampling every <see cref="Interval"/> on a background task.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            return;
        }

        _stop = new CancellationTokenSource();
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Stops sampling; the tracked state stays readable.</summary>
    public async Task StopAsync()
    {
        if (_stop is null || _loop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        (_stop, _loop) = (null, null);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>
    /// The current averages and last census for <paramref name="cgroup"/>, tracking it from now on.
    /// A new cgroup starts from zero averages with a census taken at once; null when the cgroup is gone.
    /// </summary>
    /// <param name="cgroup">the container's cpu cgroup</param>
    /// <param name="namespaceDepth">depth of the container's pid namespace (see <see cref="TaskCensus.Take"/>)</param>
    public LoadavgReading? Read(CgroupDirectory cgroup, int namespaceDepth)
    {
        if (_tracked.TryGetValue(cgroup.Path, out var tracked))
        {
            return tracked.Reading;
        }

        if (TaskCensus.Take(roots, cgroup, namespaceDepth) is not { } sample)
        {
            return null;
        }

        return _tracked.GetOrAdd(cgroup.Path, _ => new Tracked(cgroup, namespaceDepth, new LoadavgReading(default, sample))).Reading;
    }

    /// <summary>The averages of every tracked cgroup, for the instance that takes over from this one.</summary>
    public IReadOnlyList<LoadavgHistory> Export() =>
        [.. _tracked.Values.Select(t => new LoadavgHistory(t.Cgroup, t.NamespaceDepth, t.Reading.Average))];

    /// <summary>
    /// Goes on from a predecessor's averages: each cgroup still holding tasks is tracked with its averages
    /// and a census taken now. Returns how many were taken up.
    /// </summary>
    public int Import(IEnumerable<LoadavgHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var taken = 0;
        foreach (var history in histories)
        {
            if (TaskCensus.Take(roots, history.Cgroup, history.NamespaceDepth) is { Total: > 0 } sample
                && _tracked.TryAdd(history.Cgroup.Path, new Tracked(history.Cgroup, history.NamespaceDepth, new LoadavgReading(history.Average, sample))))
            {
                taken++;
            }
        }

        return taken;
    }

    /// <summary>One sampling pass over every tracked cgroup (what the timer runs).</summary>
    public void SampleAll()
    {
        foreach (var (path, tracked) in _tracked)
        {
            // Gone or emptied (no task left inside the pid namespace): forget it, as lxcfs drops a node
            // without pids, so a container started later in the same cgroup begins afresh instead of
            // inheriting this one's averages and a "0/0 0" census.
            if (TaskCensus.Take(roots, tracked.Cgroup, tracked.NamespaceDepth) is { Total: > 0 } sample)
            {
                tracked.Reading = tracked.Reading.Next(sample);
            }
            else
            {
                _tracked.TryRemove(path, out _);
            }
        }
    }

    private async Task RunAsync(CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancel))
            {
                SampleAll();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Tracked(CgroupDirectory cgroup, int namespaceDepth, LoadavgReading reading)
    {
        public CgroupDirectory Cgroup { get; } = cgroup;

        public int NamespaceDepth { get; } = namespaceDepth;

        // Replaced as a whole, so readers on other threads see a consistent pair.
        public volatile LoadavgReading Reading = reading;
    }
}
