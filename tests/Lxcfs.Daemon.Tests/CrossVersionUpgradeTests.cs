using System.Globalization;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// Hand-offs between instances that serve different sets of files, as between two releases: each id the
/// kernel holds keeps meaning its file, a file the successor does not serve answers ENOENT, and what the
/// views remember goes across. <c>--omit-file</c> makes an instance stand in for a version without that file.
/// </summary>
public sealed class CrossVersionUpgradeTests
{
    private static readonly string[] Omitted = ["proc/swaps", "proc/cpuinfo"];

    private static readonly string[] BothServe = ["/proc/meminfo", "/proc/stat", "/proc/uptime", "/sys/devices/system/cpu/online"];

    [Fact]
    public void From_a_version_with_all_files_to_one_without_two_and_back_no_read_gets_another_files_content()
    {
        using var daemons = new DaemonSuccession("all");

        daemons.HandOff("to-fewer", "fewer", args: Omitted.SelectMany(f => new[] { "--omit-file", f }));
        daemons.HandOff("to-all", "all-again");
        var tally = daemons.Reader.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(tally.ToString());
        tally.Failures(allowedEnoent: Omitted).Should().BeEmpty("no read may get another file's content or fail otherwise than ENOENT for a file not served:\n" + tally);
        foreach (var path in BothServe)
        {
            foreach (var phase in new[] { "all", "fewer", "all-again" })
            {
                tally[$"{phase} {path} ok"].Should().BePositive($"{path} is read in phase {phase}:\n" + tally);
            }
        }

        foreach (var file in Omitted)
        {
            tally[$"all /{file} ok"].Should().BePositive(tally.ToString());
            tally[$"fewer /{file} ok"].Should().Be(0, $"the instance without {file} never serves it:\n" + tally);
            tally[$"fewer /{file} enoent"].Should().BePositive($"{file} answers ENOENT while it is not served:\n" + tally);
            tally[$"all-again /{file} ok"].Should().BePositive($"{file}'s id means it again once it is served again:\n" + tally);
            tally[$"all-again /{file} enoent"].Should().Be(0, tally.ToString());
        }

        daemons.Retired[0].Stderr.Should().Contain("handed the connection to a successor in format 2");
        daemons.Retired[1].Stderr.Should().Contain("(2 retired)");
        daemons.Current.Stderr.Should().Contain("took the live connection over").And.Contain("(0 retired)");
        daemons.Current.Terminate().Should().Be(0);
    }

    [Fact]
    public void The_last_format_1_build_hands_off_to_this_one_and_this_one_rolls_back_to_it_without_a_failed_read()
    {
        var previous = DaemonProcess.PreviousRelease;
        using var daemons = new DaemonSuccession("previous", binary: previous);

        daemons.HandOff("to-this", "this");
        daemons.HandOff("to-previous", "previous-again", binary: previous);
        daemons.HandOff("to-this-again", "this-again");
        var tally = daemons.Reader.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(tally.ToString());
        tally.Failures(allowedEnoent: []).Should().BeEmpty("both builds serve every file read:\n" + tally);
        foreach (var path in PhasedReader.Paths)
        {
            foreach (var phase in new[] { "previous", "this", "previous-again", "this-again" })
            {
                tally[$"{phase} {path} ok"].Should().BePositive($"{path} is read in phase {phase}:\n" + tally);
            }
        }

        daemons.Retired[0].Stderr.Should().Contain("handed the connection to a successor");
        daemons.Retired[1].Stderr.Should().Contain("took the live connection over").And.Contain("the first release's node ids");
        daemons.Retired[1].Stderr.Should().Contain("handed the connection to a successor in format 1");
        daemons.Current.Stderr.Should().Contain("the first release's node ids");
        daemons.Current.Terminate().Should().Be(0);
    }

    [Fact]
    public async Task A_successor_goes_on_from_the_predecessors_load_average_instead_of_zero()
    {
        TestCgroup.RequireLiveHost();
        using var cgroup = TestCgroup.Create();
        var first = DaemonProcess.Start(extraArgs: ["-l"]);
        DaemonProcess? second = null;
        var ready = Path.Combine(first.WorkDir, "ready");
        var go = Path.Combine(first.WorkDir, "go");
        try
        {
            // The container keeps one task running and reports its 1-minute average once it has left 0.00
            // (a 5-second sample), then again once the test has replaced the daemon.
            var script = $$"""
                mount --bind '{{first.MountPoint}}/proc/loadavg' /proc/loadavg || exit 97
                while :; do :; done &
                i=0; while [ "$(cut -d' ' -f1 /proc/loadavg)" = 0.00 ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i+1)); done
                echo "before $(cat /proc/loadavg)"; touch '{{ready}}'
                i=0; while [ ! -e '{{go}}' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done
                echo "after $(cat /proc/loadavg)"
                kill $!
                """;
            var container = Task.Run(() => ContainerShell.Run(cgroup, script, TimeSpan.FromSeconds(60)));
            SpinWait.SpinUntil(() => File.Exists(ready) || container.IsCompleted, TimeSpan.FromSeconds(30)).Should().BeTrue();
            second = DaemonProcess.Start(mountPoint: first.MountPoint, workDir: first.WorkDir, extraArgs: ["-l"]);
            first.WaitExit(TimeSpan.FromSeconds(20)).Should().Be(0, first.Stderr);
            File.WriteAllText(go, "go");
            var output = (await container).Stdout;

            var before = OneMinute(output, "before ");
            var after = OneMinute(output, "after ");
            before.Should().BePositive(output);
            after.Should().BeGreaterThanOrEqualTo(before, "the successor carries the averages on; a fresh one would show 0.00:\n" + output);
            second.Stderr.Should().Contain("and 1 load-average histories");
            second.Terminate().Should().Be(0);
        }
        finally
        {
            second?.Dispose();
            first.Dispose();
        }
    }

    private static double OneMinute(string output, string prefix)
    {
        var line = output.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        line.Should().NotBeNull(output);
        return double.Parse(line![prefix.Length..].Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
