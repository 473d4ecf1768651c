using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>Not run beside other tests: upstream's main.sh counts every zombie on the machine whose command names lxcfs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UpstreamSuiteRunsAlone
{
    public const string Name = "lxcfs upstream suite";
}

/// <summary>
/// LXCFS's own upstream tests (Debian's lxcfs source package, run by <c>hack/lxcfs-suite.sh</c>) against
/// the daemon as a drop-in lxcfs: every test that applies passes, and the ones that cannot apply are
/// reported as such by the script, with the reason, rather than missing.
/// </summary>
[Collection(UpstreamSuiteRunsAlone.Name)]
public sealed class UpstreamSuiteTests(UpstreamSuiteRun suite) : IClassFixture<UpstreamSuiteRun>
{
    /// <summary>The upstream tests that apply to the daemon, and what each checks.</summary>
    private static readonly string[] s_applicable =
    [
        "setup",                // started with 6.0's '--enable-cgroup -p PIDFILE DIR', it mounts
        "test_proc",            // uptime, cpuinfo, online, stat, meminfo under 64 MiB and cpuset 0
        "test_read_proc",       // 1024-byte reads of cpuinfo, stat and meminfo
        "cpusetrange",          // lxcfs's cpuset parser (no mount; runs as upstream runs it)
        "meminfo_hierarchy",    // MemTotal under a parent's limit equals the child's
        "test_reload:adapted",  // SIGUSR1, as Debian's packaging sends it, leaves the mount serving
        "sigusr2",              // after SIGUSR2, meminfo is the host's
        "sigusr2:switch-back",  // after the second SIGUSR2, a container sees its own limit again
        "defunct",              // no unreaped children
        "main.sh",              // upstream's runner end to end, without the steps that do not apply
    ];

    /// <summary>The upstream tests that cannot apply, and how the script's reason for each begins.</summary>
    private static readonly Dictionary<string, string> s_notApplicable = new(StringComparer.Ordinal)
    {
        ["test_readdir"] = "not applicable: /cgroup emulation (removed in LXCFS 7.0)",
        ["test_cgroup"] = "not applicable: /cgroup emulation (removed in LXCFS 7.0)",
        ["test_reload"] = "not applicable: it 'meson install's lxcfs",
        ["live-upgrade-test.sh"] = "not applicable: it reloads (SIGUSR1) into a second lxcfs build",
        ["test_confinement.sh"] = "not applicable: it needs cgmanager's 'cgm' and the /cgroup emulation",
    };

    public static TheoryData<string> Applicable => new(s_applicable);

    public static TheoryData<string, string> NotApplicable
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (var (name, reason) in s_notApplicable)
            {
                rows.Add(name, reason);
            }

            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(Applicable))]
    public void An_upstream_test_that_applies_passes(string name)
    {
        var outcome = Outcome();

        outcome.Verdicts.Should().ContainKey(name, outcome.Transcript());
        outcome.Verdicts[name].Should().Be(new UpstreamSuiteRun.Verdict("PASS", outcome.Verdicts[name].Reason), outcome.Transcript());
    }

    [Theory]
    [MemberData(nameof(NotApplicable))]
    public void An_upstream_test_that_cannot_apply_is_reported_with_its_reason(string name, string reason)
    {
        var outcome = Outcome();

        outcome.Verdicts.Should().ContainKey(name, outcome.Transcript());
        outcome.Verdicts[name].Status.Should().Be("N/A", outcome.Transcript());
        outcome.Verdicts[name].Reason.Should().StartWith(reason);
    }

    [Fact]
    public void The_run_reports_exactly_these_tests_and_succeeds()
    {
        var outcome = Outcome();

        outcome.Verdicts.Keys.Should().BeEquivalentTo(s_applicable.Concat(s_notApplicable.Keys), outcome.Transcript());
        outcome.ExitCode.Should().Be(0, outcome.Transcript());
    }

    private UpstreamSuiteRun.Outcome Outcome()
    {
        UpstreamSuiteRun.RequirePrerequisites();
        var outcome = suite.Result;
        Prerequisite.Require(outcome.Missing is null, outcome.Missing ?? string.Empty);
        return outcome;
    }
}
