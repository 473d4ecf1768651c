using Lxcfs.Webhook.Admission;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>A full collection follows a burst of large reviews once they are answered, and only then.</summary>
public sealed class MemoryReclaimerTests
{
    [Fact]
    public async Task Only_a_busy_period_with_a_large_review_ends_in_a_collection()
    {
        var budget = new InFlightBudget(100);
        using var reclaimer = new MemoryReclaimer(budget, largeReservation: 50, TimeSpan.FromMilliseconds(50), NullLogger<MemoryReclaimer>.Instance);

        (await budget.ReserveAsync(10, TestContext.Current.CancellationToken)).Dispose();
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var afterSmall = reclaimer.Collections;
        (await budget.ReserveAsync(60, TestContext.Current.CancellationToken)).Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (reclaimer.Collections == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        afterSmall.Should().Be(0, "ordinary reviews never trigger a collection");
        reclaimer.Collections.Should().Be(1, "the large one did, once, after the quiet time (the next is 12 s later)");
    }
}
