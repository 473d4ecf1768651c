namespace Lxcfs.Proc.Rendering;

/// <summary>
/// Remembers the last cpu lines shown per container so they never go backwards, whatever the inputs do
/// (idle derived from age shrinks when a CPU gets busier than real time, quota changes regroup CPUs).
/// Entries unused for ten minutes are dropped. Thread-safe.
/// </summary>
public sealed class CpuTimeLedger(Func<long>? clockMilliseconds = null)
{
    private const long ExpiryMilliseconds = 10 * 60 * 1000;
    private readonly Func<long> _clock = clockMilliseconds ?? (() => Environment.TickCount64);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _lastSweep;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Raises each column of <paramref name="times"/> to at least what was last shown for <paramref name="key"/>, and records the result.</summary>
    public void Apply(string key, Span<CpuTimes> times)
    {
        var now = _clock();
        lock (_lock)
        {
            Sweep(now);
            if (!_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = new Entry(times.ToArray(), now);
                return;
            }

            var previous = entry.Times;
            for (var i = 0; i < Math.Min(previous.Length, times.Length); i++)
            {
                times[i] = times[i].Max(previous[i]);
            }

            // Every read of a container's stat lands here: same CPU count, so no new array.
            if (previous.Length == times.Length)
            {
                times.CopyTo(previous);
            }
            else
            {
                entry.Times = times.ToArray();
            }

            entry.LastUsed = now;
        }
    }

    /// <summary>What was last shown per key, for the instance that takes over from this one.</summary>
    public IReadOnlyList<KeyValuePair<string, CpuTimes[]>> Export()
    {
        lock (_lock)
        {
            // Copies: Apply updates the shown lines in place.
            return [.. _entries.Select(pair => KeyValuePair.Create(pair.Key, pair.Value.Times.ToArray()))];
        }
    }

    /// <summary>Carries a predecessor's shown lines over, so a container's counters do not go backwards across an upgrade.</summary>
    public void Import(IEnumerable<KeyValuePair<string, CpuTimes[]>> shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var now = _clock();
        lock (_lock)
        {
            foreach (var (key, times) in shown)
            {
                _entries.TryAdd(key, new Entry(times.ToArray(), now));
            }
        }
    }

    private void Sweep(long now)
    {
        if (now - _lastSweep < 60_000)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.LastUsed > ExpiryMilliseconds)
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed class Entry(CpuTimes[] times, long lastUsed)
    {
        public CpuTimes[] Times { get; set; } = times;

        public long LastUsed { get; set; } = lastUsed;
    }
}
