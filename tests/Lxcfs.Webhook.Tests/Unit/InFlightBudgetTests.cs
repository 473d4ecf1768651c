using Lxcfs.Webhook.Admission;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>Reviews reserve the memory they may take; those that do not fit wait their turn.</summary>
public sealed class InFlightBudgetTests
{
    [Fact]
    public async Task Reservations_that_fit_are_granted_at_once_and_the_rest_wait_in_arrival_order()
    {
        var budget = new InFlightBudget(10);
        var first = await budget.ReserveAsync(6, TestContext.Current.CancellationToken);
        var second = budget.ReserveAsync(6, TestContext.Current.CancellationToken);
        var third = budget.ReserveAsync(1, TestContext.Current.CancellationToken);

        second.IsCompleted.Should().BeFalse("6 + 6 is over 10");
        third.IsCompleted.Should().BeFalse("it came after one that waits: no overtaking");
        first.Dispose();
        using var secondLease = await second;
        using var thirdLease = await third;

        budget.Reserved.Should().Be(7);
    }

    [Fact]
    public async Task A_reservation_over_the_whole_budget_waits_for_it_to_be_free_and_takes_all_of_it()
    {
        var budget = new InFlightBudget(10);
        var small = await budget.ReserveAsync(1, TestContext.Current.CancellationToken);
        var huge = budget.ReserveAsync(50, TestContext.Current.CancellationToken);

        huge.IsCompleted.Should().BeFalse();
        small.Dispose();
        using var lease = await huge;

        lease.Amount.Should().Be(10);
        budget.Reserved.Should().Be(10);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_the_queue_and_lets_the_next_one_in()
    {
        var budget = new InFlightBudget(10);
        var held = await budget.ReserveAsync(8, TestContext.Current.CancellationToken);
        using var gaveUp = new CancellationTokenSource();
        var impatient = budget.ReserveAsync(5, gaveUp.Token);
        var next = budget.ReserveAsync(2, TestContext.Current.CancellationToken);

        await gaveUp.CancelAsync();

        await FluentActions.Awaiting(async () => await impatient).Should().ThrowAsync<OperationCanceledException>();
        using var nextLease = await next;
        budget.Reserved.Should().Be(10);
        held.Dispose();
        budget.Reserved.Should().Be(2);
    }

    [Fact]
    public async Task Idle_reports_the_largest_reservation_of_each_busy_period_once_it_ends()
    {
        var budget = new InFlightBudget(100);
        var reports = new List<long>();
        budget.Idle += reports.Add;

        var a = await budget.ReserveAsync(30, TestContext.Current.CancellationToken);
        var b = await budget.ReserveAsync(5, TestContext.Current.CancellationToken);
        b.Dispose();
        a.Dispose();
        (await budget.ReserveAsync(7, TestContext.Current.CancellationToken)).Dispose();

        reports.Should().Equal(30, 7);
    }
}
