using System.Diagnostics;
using System.Globalization;
using Lxcfs.CgroupV2.Tests;
using Lxcfs.Testing;

[assembly: AssemblyFixture(typeof(V2Suite))]

namespace Lxcfs.CgroupV2.Tests;

/// <summary>
/// Boots the pure cgroup v2 VM once per test run (hack/e2e-v2.sh: QEMU TCG, Debian's kernel, our
/// Native AOT daemon and Debian's lxcfs side by side) and holds what it measured. Every test reads
/// its own line of results.tsv. The work directory is removed afterwards; results.tsv, the console
/// log and the daemons' logs are kept in artifacts/v2/ for a failed run's post-mortem.
/// </summary>
public sealed class V2Suite : IAsyncLifetime
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(14);
    private readonly string _work = Directory.CreateTempSubdirectory("lxcfs-v2-").FullName;
    private Dictionary<(string Scenario, string File, string Check), CheckResult> _results = [];

    /// <summary>The run's shared work directory (deleted when the run ends).</summary>
    public string WorkDir => _work;

    public string DaemonBinary { get; } = Environment.GetEnvironmentVariable("LXCFS_DAEMON_BIN") is { Length: > 0 } bin
        ? bin
        : RepoPaths.Path("artifacts", "bin", "lxcfs-daemon");

    /// <summary>Why the suite could not run at all (a missing prerequisite), or null.</summary>
    public string? Missing { get; private set; }

    /// <summary>The run's own failure (VM did not boot, guest job failed, no results), or null.</summary>
    public string? RunFailure { get; private set; }

    public IReadOnlyCollection<CheckResult> Results => _results.Values;

    public TimeSpan SuiteTime { get; private set; }

    /// <summary>Guest uptime when its init started the job: the VM's boot time (TCG).</summary>
    public double? BootSeconds { get; private set; }

    public string ConsoleLog { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Missing = FindMissingPrerequisite();
        if (Missing is not null)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var run = await RunSuiteAsync();
        SuiteTime = clock.Elapsed;
        ConsoleLog = ReadIfExists("console.log");
        BootSeconds = ParseBootSeconds(ConsoleLog);
        var results = Path.Combine(_work, "results.tsv");
        if (!File.Exists(results))
        {
            RunFailure = $"no results.tsv; {run}\nconsole:\n{ConsoleLog}";
            return;
        }

        _results = File.ReadLines(results).Skip(1).Where(l => l.Length > 0).Select(CheckResult.Parse)
            .ToDictionary(r => (r.Scenario, r.File, r.Check));
    }

    public ValueTask DisposeAsync()
    {
        var keep = RepoPaths.Path("artifacts", "v2");
        Directory.CreateDirectory(keep);
        foreach (var name in new[] { "results.tsv", "console.log", "daemon-ours.log", "daemon-lxcfs.log", "suite-time" })
        {
            var from = Path.Combine(_work, name);
            if (File.Exists(from))
            {
                File.Copy(from, Path.Combine(keep, name), overwrite: true);
            }
        }

        Directory.Delete(_work, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Fails (or, with LXCFS_TESTS_ALLOW_MISSING=1, skips) the calling test when the suite could not run.</summary>
    public void RequireRun()
    {
        Prerequisite.Require(Missing is null, Missing ?? "");
        RunFailure.Should().BeNull("the VM must boot, run the guest job and leave results");
    }

    public CheckResult Result(string scenario, string file, string check)
    {
        RequireRun();
        _results.TryGetValue((scenario, file, check), out var result).Should()
            .BeTrue($"the suite must report '{check}' of {file} in scenario {scenario}");
        return result!;
    }

    private string? FindMissingPrerequisite()
    {
        if (Environment.UserName != "root")
        {
            return "root (QEMU exports / over 9p; the guest mounts FUSE and cgroups)";
        }

        string[] tools = ["/usr/bin/qemu-system-x86_64", "/usr/bin/lxcfs", "/bin/busybox"];
        if (tools.FirstOrDefault(t => !File.Exists(t)) is { } tool)
        {
            return $"{tool} (hack/prereqs.d/40-v2-vm.sh)";
        }

        return File.Exists(DaemonBinary) ? null : $"the Native AOT daemon at {DaemonBinary} (hack/publish-daemon.sh)";
    }

    private string ReadIfExists(string name)
    {
        var path = Path.Combine(_work, name);
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static double? ParseBootSeconds(string console)
    {
        const string Marker = "guest-init: up after ";
        var at = console.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = console[(at + Marker.Length)..];
        var end = rest.IndexOf(' ', StringComparison.Ordinal);
        return double.TryParse(rest[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
    }

    /// <summary>The suite's exit code and output, or that it overran (its tree is killed then; the script kills its own QEMU by pid on exit).</summary>
    private async Task<string> RunSuiteAsync()
    {
        try
        {
            var run = await ProcessRunner.RunAsync(
                "bash",
                [RepoPaths.Path("hack", "e2e-v2.sh"), _work],
                s_runTimeout,
                environment: new Dictionary<string, string> { ["LXCFS_DAEMON_BIN"] = DaemonBinary },
                workingDirectory: RepoPaths.Root);
            return run.ToString();
        }
        catch (TimeoutException)
        {
            return $"hack/e2e-v2.sh overran {s_runTimeout}";
        }
    }
}
