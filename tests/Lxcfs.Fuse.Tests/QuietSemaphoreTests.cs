using System.Diagnostics;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Fuse.Tests;

/// <summary>Counts are taken once each, a wait ends at its timeout without one, and a release wakes as many waiters as it adds counts.</summary>
public sealed class QuietSemaphoreTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Each_count_released_is_taken_once_and_a_wait_without_one_times_out()
    {
        var semaphore = new QuietSemaphore();
        semaphore.Release(2);

        var taken = (semaphore.Wait(0), semaphore.Wait(0));
        var clock = Stopwatch.StartNew();
        var third = semaphore.Wait(50);

        taken.Should().Be((true, true));
        third.Should().BeFalse();
        clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(45, "the wait lasted its timeout");
    }

    [Fact]
    public async Task A_release_of_n_wakes_n_blocked_waiters()
    {
        var semaphore = new QuietSemaphore();
        var waiters = Enumerable.Range(0, 3).Select(_ => Task.Run(() => semaphore.Wait(), Cancel)).ToArray();
        await Task.Delay(100, Cancel);
        waiters.Should().OnlyContain(w => !w.IsCompleted, "nothing was released yet");

        semaphore.Release(3);

        (await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10), Cancel)).Should().Equal(true, true, true);
        semaphore.Wait(0).Should().BeFalse("the three counts went to the three waiters");
    }
}
