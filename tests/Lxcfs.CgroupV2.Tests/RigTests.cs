namespace Lxcfs.CgroupV2.Tests;

/// <summary>The VM rig itself: it ran, within budget, left a console log, reported every check, left nothing running.</summary>
public sealed class RigTests(V2Suite suite)
{
    public static TheoryData<string, string, string> ContainerChecks()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (scenario, file, check) in Catalogue.ContainerChecks())
        {
            data.Add(scenario, file, check);
        }

        return data;
    }

    [Fact]
    public void The_vm_boots_runs_the_guest_job_and_stays_within_ten_minutes()
    {
        suite.RequireRun();

        suite.BootSeconds.Should().NotBeNull("the console log records when the guest's init started the job");
        suite.SuiteTime.Should().BeLessThan(TimeSpan.FromMinutes(10), $"the VM part has a 10 minute budget (boot {suite.BootSeconds} s)");
    }

    [Fact]
    public void Every_catalogued_check_is_reported_and_nothing_else()
    {
        suite.RequireRun();
        var catalogued = Catalogue.DaemonChecks().Concat(Catalogue.ContainerChecks()).ToHashSet();

        suite.Results.Select(r => (r.Scenario, r.File, r.Check)).Should().BeEquivalentTo(catalogued);
    }

    [Fact]
    public void No_vm_is_left_running()
    {
        suite.RequireRun();

        var qemus = Directory.EnumerateDirectories("/proc")
            .Select(d => Path.Combine(d, "cmdline"))
            .Select(p => { try { return File.ReadAllText(p); } catch (IOException) { return ""; } })
            .Where(c => c.StartsWith("qemu-system", StringComparison.Ordinal) && c.Contains("lxcfs_init=", StringComparison.Ordinal)
                && c.Contains(suite.WorkDir, StringComparison.Ordinal));

        qemus.Should().BeEmpty("hack/vm/run.sh kills its QEMU by pid however the run ends");
    }

    [Theory]
    [MemberData(nameof(ContainerChecks))]
    public void Each_container_is_the_init_of_its_pid_namespace_in_the_expected_cgroup(string scenario, string file, string check)
    {
        var result = suite.Result(scenario, file, check);

        result.OursMatches.Should().BeTrue($"the rig must build the container it claims ({result})");
    }
}
