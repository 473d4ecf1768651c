namespace Lxcfs.CgroupV2.Tests;

/// <summary>
/// Our daemon in the pure v2 VM: every file, every scenario, against the value computed from the
/// cgroup files while the file was read.
/// </summary>
public sealed class DaemonTests(V2Suite suite)
{
    public static TheoryData<string, string, string> Checks()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (scenario, file, check) in Catalogue.DaemonChecks())
        {
            data.Add(scenario, file, check);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void Our_daemon_shows_what_the_cgroup_says(string scenario, string file, string check)
    {
        var result = suite.Result(scenario, file, check);

        result.OursMatches.Should().BeTrue($"ours must match the cgroup ({result})");
    }
}
