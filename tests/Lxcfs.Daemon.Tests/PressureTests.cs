using System.Globalization;
using System.Text.RegularExpressions;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// /proc/pressure through the mount for a process in its own cgroup of the unified hierarchy (present on
/// hybrid hosts too): the cgroup's own figures, not the host's.
/// </summary>
public sealed partial class PressureTests
{
    [Fact]
    public void A_process_in_its_own_unified_cgroup_reads_that_cgroups_cpu_and_memory_pressure()
    {
        var unified = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(" - ")).Where(p => p.Length == 2 && p[1].StartsWith("cgroup2 ", StringComparison.Ordinal))
            .Select(p => p[0].Split(' ')[4]).FirstOrDefault();
        Prerequisite.Require(unified is not null, "a cgroup2 (unified) hierarchy");
        Prerequisite.RequireFile("/proc/pressure/cpu", "pressure stall information (a kernel with PSI)");
        var cgroup = Path.Combine(unified!, "lxcfs-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(cgroup);
        var daemon = DaemonProcess.Start();
        try
        {
            Prerequisite.RequireFile(Path.Combine(cgroup, "cpu.pressure"), "per-cgroup pressure files");
            var script = $"echo $$ > '{cgroup}/cgroup.procs' || exit 97; "
                + string.Concat(new[] { "cpu", "memory" }.Select(r =>
                    $"echo '=== {r}-before'; cat '{cgroup}/{r}.pressure'; echo '=== {r}'; cat '{daemon.MountPoint}/proc/pressure/{r}'; echo '=== {r}-after'; cat '{cgroup}/{r}.pressure'; "));

            var run = ProcessRunner.Shell(script);

            run.ExitCode.Should().Be(0, run.Stderr);
            var shown = ContainerShell.Sections(run.Stdout);
            foreach (var resource in new[] { "cpu", "memory" })
            {
                shown[resource].Should().MatchRegex(PressureText().ToString());
                var (before, ours, after) = (SomeTotal(shown[resource + "-before"]), SomeTotal(shown[resource]), SomeTotal(shown[resource + "-after"]));
                ours.Should().BeInRange(before, after, $"{resource}: the cgroup's own stall total, read between two reads of it, not the host's {SomeTotal(File.ReadAllText("/proc/pressure/" + resource))}");
            }
        }
        finally
        {
            daemon.Dispose();
            foreach (var pid in File.Exists(Path.Combine(cgroup, "cgroup.procs")) ? File.ReadAllLines(Path.Combine(cgroup, "cgroup.procs")) : [])
            {
                File.AppendAllText(Path.Combine(unified!, "cgroup.procs"), pid);
            }

            Directory.Delete(cgroup);
        }
    }

    private static long SomeTotal(string pressure) =>
        long.Parse(SomeTotalField().Match(pressure).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^some avg10=\d+\.\d\d avg60=\d+\.\d\d avg300=\d+\.\d\d total=\d+\nfull avg10=\d+\.\d\d avg60=\d+\.\d\d avg300=\d+\.\d\d total=\d+\n$")]
    private static partial Regex PressureText();

    [GeneratedRegex(@"^some .* total=(\d+)$", RegexOptions.Multiline)]
    private static partial Regex SomeTotalField();
}
