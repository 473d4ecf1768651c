using System.Numerics;

namespace Lxcfs.Buffers;

/// <summary>
/// Counters that reader threads add to on every request without sharing a cache line: a block of
/// <c>slots</c> cells per CPU, blocks a whole number of cache lines apart, summed only when read (a
/// metrics scrape). An add is one uncontended atomic add; no lock, no allocation.
/// </summary>
public sealed class StripedCells
{
    // Longs per 64-byte cache line: blocks rounded up to this never share one.
    private const int LineLongs = 8;

    private readonly long[] _cells;
    private readonly int _mask;
    private readonly int _stride;

    public StripedCells(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount));
        _mask = stripes - 1;
        _stride = (slots + LineLongs - 1) / LineLongs * LineLongs;
        Slots = slots;
        _cells = new long[stripes * _stride];
    }

    public int Slots { get; }

    public void Increment(int slot) => Interlocked.Increment(ref _cells[Stripe() + slot]);

    public void Add(int slot, long value) => Interlocked.Add(ref _cells[Stripe() + slot], value);

    /// <summary>The sum of <paramref name="slot"/> over every CPU's block; a cell that only grows never makes it go down.</summary>
    public long Sum(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Slots, nameof(slot));
        long sum = 0;
        for (var block = 0; block < _cells.Length; block += _stride)
        {
            sum += Volatile.Read(ref _cells[block + slot]);
        }

        return sum;
    }

    // The processor id is a hint (the thread may move before the add), hence atomic adds; the runtime caches
    // it, so asking costs no syscall. Ids beyond the stripes (a cgroup-limited ProcessorCount) wrap.
    private int Stripe() => (Thread.GetCurrentProcessorId() & _mask) * _stride;
}
