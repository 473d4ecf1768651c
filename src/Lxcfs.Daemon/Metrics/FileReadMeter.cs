using System.Diagnostics;
using Lxcfs.Buffers;
using Lxcfs.Fuse.FileSystem;

namespace Lxcfs.Daemon.Metrics;

/// <summary>
/// The reads of one served file: a latency histogram (whose count is the reads) and the failed reads.
/// Reader threads add to their CPU's cells (<see cref="StripedCells"/>): no lock, no allocation, no
/// string. A scrape sums the CPUs.
/// </summary>
internal sealed class FileReadMeter : IReadMeter
{
    /// <summary>
    /// Upper bounds in seconds. A read is rendered in tens of microseconds (a constant file) to a few
    /// milliseconds (a busy host's cpuinfo); the kernel's round trips around it are not counted.
    /// </summary>
    public static readonly double[] Bounds = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    // Per CPU: one count per bucket (the last is +Inf), the summed ticks, the failures.
    private const int SumSlot = 14;
    private const int FailedSlot = 15;
    private const int Slots = 16;

    private static readonly long[] s_boundTicks = [.. Bounds.Select(b => (long)Math.Round(b * Stopwatch.Frequency))];

    private readonly StripedCells _cells = new(Slots);

    public void Rendered(long startTimestamp)
    {
        var ticks = Stopwatch.GetTimestamp() - startTimestamp;
        var bucket = 0;
        while (bucket < s_boundTicks.Length && ticks > s_boundTicks[bucket])
        {
            bucket++;
        }

        _cells.Increment(bucket);
        _cells.Add(SumSlot, ticks);
    }

    public void Failed() => _cells.Increment(FailedSlot);

    /// <summary>The sums over every stripe; each cell only grows, so successive snapshots never go down.</summary>
    public FileReads Snapshot()
    {
        var buckets = new long[Bounds.Length + 1];
        for (var b = 0; b < buckets.Length; b++)
        {
            buckets[b] = _cells.Sum(b);
        }

        var sumTicks = _cells.Sum(SumSlot);
        var failed = _cells.Sum(FailedSlot);
        return new FileReads(buckets, (double)sumTicks / Stopwatch.Frequency, failed);
    }
}
