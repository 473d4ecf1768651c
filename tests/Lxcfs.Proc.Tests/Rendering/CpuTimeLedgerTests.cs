using Lxcfs.Proc.Rendering;

namespace Lxcfs.Proc.Tests.Rendering;

public sealed class CpuTimeLedgerTests
{
    [Fact]
    public void Apply_RaisesEachColumnToWhatWasShown_PerKey_UntilTheEntryExpires()
    {
        long now = 0;
        var ledger = new CpuTimeLedger(() => now);
        CpuTimes[] first = [new() { User = 10, System = 5, Idle = 100 }];
        ledger.Apply("a", first);

        CpuTimes[] lower = [new() { User = 12, System = 4, Idle = 90 }, new() { User = 1, Idle = 2 }];
        ledger.Apply("a", lower);
        lower.Should().Equal(new CpuTimes { User = 12, System = 5, Idle = 100 }, new CpuTimes { User = 1, Idle = 2 });

        CpuTimes[] other = [new() { User = 1 }];
        ledger.Apply("b", other);
        other.Should().Equal(new[] { new CpuTimes { User = 1 } }, "each container has its own history");

        now += 11 * 60 * 1000;
        CpuTimes[] afterExpiry = [new() { User = 3 }];
        ledger.Apply("b", afterExpiry);
        ledger.Count.Should().Be(1, "the unused entry for \"a\" expired after ten minutes");
    }
}
