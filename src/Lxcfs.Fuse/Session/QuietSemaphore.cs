namespace Lxcfs.Fuse.Session;

/// <summary>
/// A counting semaphore whose waits block at once. <see cref="SemaphoreSlim"/> spins before it blocks,
/// calling sched_yield dozens of times per wait; the reading turn's watcher waits ten times a second,
/// which made an idle daemon issue about 650 syscalls a second, and a spinning waiter takes the CPU
/// from the reader holding the turn on a small node.
/// </summary>
internal sealed class QuietSemaphore
{
    private readonly object _gate = new();
    private int _count;

    /// <summary>Takes one count, waiting up to <paramref name="timeoutMilliseconds"/> (−1: no limit); false when none came.</summary>
    public bool Wait(int timeoutMilliseconds = Timeout.Infinite)
    {
        var deadline = Environment.TickCount64 + timeoutMilliseconds;
        lock (_gate)
        {
            while (_count == 0)
            {
                var left = timeoutMilliseconds < 0 ? Timeout.Infinite : (int)Math.Max(0, deadline - Environment.TickCount64);

                // A count released just as the wait timed out is still taken rather than left behind.
                if ((left == 0 || !Monitor.Wait(_gate, left)) && _count == 0)
                {
                    return false;
                }
            }

            _count--;
            return true;
        }
    }

    /// <summary>Adds <paramref name="count"/> counts and wakes as many waiters.</summary>
    public void Release(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _count += count;
            for (var i = 0; i < count; i++)
            {
                Monitor.Pulse(_gate);
            }
        }
    }
}
