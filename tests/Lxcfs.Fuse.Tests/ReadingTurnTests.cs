using System.Diagnostics;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Fuse.Tests;

/// <summary>
/// One reader at a time waits for requests; another takes over when the holder gives the turn up before
/// slow work, or has spent a whole stall interval inside one request, and never from an idle holder.
/// </summary>
public sealed class ReadingTurnTests : IDisposable
{
    private const int Stall = 50;
    private const int Long = 10_000;
    private readonly ReadingTurn _turn = new(Stall);
    private readonly ReadingTurn.Seat _first = new();
    private readonly ReadingTurn.Seat _second = new();

    public ReadingTurnTests() => _turn.Open(seats: 3);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _turn.Close();

    [Fact]
    public void The_first_to_ask_holds_the_turn_and_keeps_it_while_it_serves()
    {
        _turn.Take(_first).Should().BeTrue();

        for (var i = 0; i < 3; i++)
        {
            _first.Begin();
            _first.End();
            _turn.Take(_first).Should().BeTrue("the holder asks again before each read and still has it");
        }

        _first.Served.Should().Be(3);
        _first.InRequest.Should().BeFalse();
    }

    [Fact]
    public async Task A_waiting_reader_gets_the_turn_when_the_holder_yields_it()
    {
        var patient = new ReadingTurn(stallMilliseconds: 600_000); // only a yield hands the turn over
        patient.Open(seats: 3);
        patient.Take(_first).Should().BeTrue();
        _first.Begin();
        var waiting = Task.Run(() => patient.Take(_second), Cancel);
        (await Ends(waiting, 5 * Stall)).Should().BeFalse("the holder has not yielded");

        patient.Yield(_first);

        (await Ends(waiting, Long)).Should().BeTrue();
        (await waiting).Should().BeTrue();
        patient.Take(_second).Should().BeTrue("the second reader holds it now");
        patient.Yield(_first); // no longer the first's to give
        var third = Task.Run(() => patient.Take(new ReadingTurn.Seat()), Cancel);
        (await Ends(third, 5 * Stall)).Should().BeFalse("a yield by a reader without the turn gives nothing away");
        patient.Close();
        (await third).Should().BeFalse();
        (patient.Yields, patient.Stalls).Should().Be((1L, 0L), "one yield gave the turn away, the other had none to give");
    }

    [Fact]
    public async Task A_holder_stuck_inside_one_request_loses_the_turn_after_a_stall_interval()
    {
        _turn.Take(_first).Should().BeTrue();
        _first.Begin(); // and never ends

        var clock = Stopwatch.StartNew();
        var waiting = Task.Run(() => _turn.Take(_second), Cancel);

        (await Ends(waiting, Long)).Should().BeTrue();
        (await waiting).Should().BeTrue();
        clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(Stall - 5, "a whole interval passes first");
        (_turn.Yields, _turn.Stalls).Should().Be((0L, 1L));
    }

    [Fact]
    public async Task When_the_watching_reader_takes_a_stuck_turn_a_sleeping_one_watches_next()
    {
        var third = new ReadingTurn.Seat();
        _turn.Take(_first).Should().BeTrue();
        _first.Begin(); // stuck
        var waiting = new[] { Task.Run(() => _turn.Take(_second), Cancel), Task.Run(() => _turn.Take(third), Cancel) };

        var taker = await Task.WhenAny(waiting);
        (await taker).Should().BeTrue("one of the two watched and took the stuck turn");
        var (holder, stillWaiting) = taker == waiting[0] ? (_second, waiting[1]) : (third, waiting[0]);
        holder.Begin(); // the new holder gets stuck too

        (await Ends(stillWaiting, Long)).Should().BeTrue("the reader that slept took over the watch, then the turn");
        (await stillWaiting).Should().BeTrue();
    }

    [Fact]
    public async Task A_holder_that_keeps_answering_or_idles_keeps_the_turn()
    {
        _turn.Take(_first).Should().BeTrue();
        using var done = new CancellationTokenSource();
        var busy = Task.Run(
            () =>
            {
                while (!done.IsCancellationRequested)
                {
                    _first.Begin();
                    Thread.Sleep(Stall / 5);
                    _first.End();
                }
            },
            Cancel);

        var waiting = Task.Run(() => _turn.Take(_second), Cancel);
        (await Ends(waiting, 6 * Stall)).Should().BeFalse("every request ended within an interval");
        await done.CancelAsync();
        await busy;
        (await Ends(waiting, 6 * Stall)).Should().BeFalse("an idle holder is waiting for the next request, not stuck");

        _turn.Close();
        (await Ends(waiting, Long)).Should().BeTrue();
        (await waiting).Should().BeFalse("a closed turn is no one's");
        (_turn.Yields, _turn.Stalls).Should().Be((0L, 0L));
    }

    [Fact]
    public async Task Close_ends_every_wait_and_Open_makes_the_turn_free_again()
    {
        _turn.Take(_first).Should().BeTrue();
        var waiters = new[] { Task.Run(() => _turn.Take(_second), Cancel), Task.Run(() => _turn.Take(new ReadingTurn.Seat()), Cancel) };

        _turn.Close();

        (await Ends(Task.WhenAll(waiters), Long)).Should().BeTrue();
        (await Task.WhenAll(waiters)).Should().Equal(false, false);
        _turn.Take(_first).Should().BeFalse();

        _turn.Open(seats: 3);
        _turn.Take(_second).Should().BeTrue("after a restart the first to ask holds it");
    }

    [Fact]
    public void A_turn_closed_twice_is_no_ones()
    {
        _turn.Close();

        _turn.Close();

        _turn.Take(_first).Should().BeFalse();
    }

    private static async Task<bool> Ends(Task task, int milliseconds) =>
        await Task.WhenAny(task, Task.Delay(milliseconds, Cancel)) == task;
}
