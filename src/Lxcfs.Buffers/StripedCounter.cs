using System.Numerics;

namespace Lxcfs.Buffers;

/// <summary>
/// A counter that reader threads add to on every request without sharing a cache line: one cell per CPU,
/// a cache line apart, summed only when read (a metrics scrape). An increment is one uncontended atomic
/// add; no lock, no allocation.
/// </summary>
public sealed class StripedCounter
{
    // Longs per 64-byte cache line: cells this far apart never share one.
    internal const int CellStride = 8;

    private readonly long[] _cells;
    private readonly int _mask;

    public StripedCounter()
    {
        var stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount));
        _mask = stripes - 1;
        _cells = new long[stripes * CellStride];
    }

    /// <summary>The sum over every CPU's cell; each cell only grows, so successive reads never go down.</summary>
    public long Value
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < _cells.Length; i += CellStride)
            {
                sum += Volatile.Read(ref _cells[i]);
            }

            return sum;
        }
    }

    // The processor id is a hint (the thread may move before the add), hence the atomic add; it is cached by
    // the runtime, so asking costs no syscall. Ids beyond the stripes (a cgroup-limited ProcessorCount) wrap.
    public void Increment() => Interlocked.Increment(ref _cells[(Thread.GetCurrentProcessorId() & _mask) * CellStride]);
}
