namespace Lxcfs.CgroupV2.Tests;

/// <summary>
/// Debian's lxcfs 5.0.3 read side by side with our daemon in the same VM and containers: it must
/// match the same expected values wherever it is right (which also proves the expectations), and
/// it must differ exactly where the documented v2 differences say it is wrong.
/// </summary>
public sealed class LxcfsDifferentialTests(V2Suite suite)
{
    public static TheoryData<string, string, string> ChecksWhereLxcfsIsRight() =>
        Data(c => KnownDifferences.Reason(c.Scenario, c.File, c.Check) is null);

    public static TheoryData<string, string, string> ChecksWhereLxcfsIsWrong() =>
        Data(c => KnownDifferences.Reason(c.Scenario, c.File, c.Check) is not null);

    [Theory]
    [MemberData(nameof(ChecksWhereLxcfsIsRight))]
    public void Lxcfs_agrees_with_the_cgroup_where_it_is_right(string scenario, string file, string check)
    {
        var result = suite.Result(scenario, file, check);

        result.LxcfsMatches.Should().BeTrue($"lxcfs is right here, so it and ours must both match ({result})");
    }

    [Theory]
    [MemberData(nameof(ChecksWhereLxcfsIsWrong))]
    public void Lxcfs_differs_where_documented(string scenario, string file, string check)
    {
        var result = suite.Result(scenario, file, check);
        var reason = KnownDifferences.Reason(scenario, file, check);

        if (KnownDifferences.PinOf(scenario, file, check) == Pin.IdleEqualsUptime)
        {
            var uptime = suite.Result(scenario, "uptime", "uptime");
            result.Lxcfs.Should().Be(uptime.Lxcfs, $"the documented difference must still hold: {reason} ({result})");
            return;
        }

        result.LxcfsMatches.Should().BeFalse($"the documented difference must still hold: {reason} ({result})");
    }

    private static TheoryData<string, string, string> Data(Func<(string Scenario, string File, string Check), bool> keep)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (scenario, file, check) in Catalogue.DaemonChecks().Where(keep))
        {
            data.Add(scenario, file, check);
        }

        return data;
    }
}
