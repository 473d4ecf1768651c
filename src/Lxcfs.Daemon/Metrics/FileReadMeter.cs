using System.Diagnostics;
using System.Numerics;
using Lxcfs.Fuse.FileSystem;

namespace Lxcfs.Daemon.Metrics;

/// <summary>
/// The reads of one served file: a latency histogram (whose count is the reads) and the failed reads.
/// Reader threads add to one stripe per CPU, two cache lines each, with uncontended atomic adds: no lock,
/// no allocation, no string. A scrape sums the stripes.
/// </summary>
internal sealed class FileReadMeter : IReadMeter
{
    /// <summary>
    /// Upper bounds in seconds. A read is rendered in tens of microseconds (a constant file) to a few
    /// milliseconds (a busy host's cpuinfo); the kernel's round trips around it are not counted.
    /// </summary>
    public static readonly double[] Bounds = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    // Per stripe: one count per bucket (the last is +Inf), the summed ticks, the failures; 16 longs.
    private const int SumSlot = 14;
    private const int FailedSlot = 15;
    private const int Slots = 16;

    private static readonly long[] s_boundTicks = [.. Bounds.Select(b => (long)Math.Round(b * Stopwatch.Frequency))];

    private readonly long[] _cells;
    private readonly int _mask;

    public FileReadMeter()
    {
        var stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount));
        _mask = stripes - 1;
        _cells = new long[stripes * Slots];
    }

    public void Rendered(long startTimestamp)
    {
        var ticks = Stopwatch.GetTimestamp() - startTimestamp;
        var bucket = 0;
        while (bucket < s_boundTicks.Length && ticks > s_boundTicks[bucket])
        {
            bucket++;
        }

        var stripe = Stripe();
        Interlocked.Increment(ref _cells[stripe + bucket]);
        Interlocked.Add(ref _cells[stripe + SumSlot], ticks);
    }

    public void Failed() => Interlocked.Increment(ref _cells[Stripe() + FailedSlot]);

    /// <summary>The sums over every stripe; each cell only grows, so successive snapshots never go down.</summary>
    public FileReads Snapshot()
    {
        var buckets = new long[Bounds.Length + 1];
        long sumTicks = 0, failed = 0;
        for (var stripe = 0; stripe < _cells.Length; stripe += Slots)
        {
            for (var b = 0; b < buckets.Length; b++)
            {
                buckets[b] += Volatile.Read(ref _cells[stripe + b]);
            }

            sumTicks += Volatile.Read(ref _cells[stripe + SumSlot]);
            failed += Volatile.Read(ref _cells[stripe + FailedSlot]);
        }

        return new FileReads(buckets, (double)sumTicks / Stopwatch.Frequency, failed);
    }

    // The processor id is a hint (the thread may move before the add), hence atomic adds.
    private int Stripe() => (Thread.GetCurrentProcessorId() & _mask) * Slots;
}
