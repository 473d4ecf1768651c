namespace Lxcfs.CgroupV2.Tests;

/// <summary>
/// What the live v2 suite must check: every scenario of tests/v2/scenarios.txt times every file
/// check, plus a container whose cgroup vanishes and the root-cgroup readers. Known at discovery time so each check is its own test; the
/// values come from the VM run (tests/v2/evaluate.sh writes one results.tsv line per entry).
/// </summary>
public static class Catalogue
{
    public const string RootScenario = "root-cgroup";

    public const string MovedScenario = "moved-cgroup";

    private static readonly (string File, string Check)[] s_perScenario =
    [
        ("meminfo", "MemTotal"), ("meminfo", "MemFree"), ("meminfo", "MemAvailable"), ("meminfo", "Cached"),
        ("meminfo", "SwapTotal"), ("meminfo", "SwapFree"),
        ("swaps", "entry size"),
        ("cpuinfo", "processors"), ("cpuinfo", "processor numbers"),
        ("stat", "cpuN lines"), ("stat", "cpuN numbers"), ("stat", "cpuN busy ticks = cpu.stat usage"),
        ("stat", "cpu line = sum of cpuN"), ("stat", "never goes backwards"),
        ("online", "content"), ("possible", "content"), ("present", "content"),
        ("pressure/cpu", "some total"), ("pressure/memory", "some total"),
        ("uptime", "uptime"), ("uptime", "idle"),
        ("loadavg", "1-min load of a fresh container"), ("loadavg", "1-min load after 7 s of two spinners"),
        ("diskstats", "vda reads"), ("diskstats", "vda sectors read"), ("diskstats", "vda writes"),
        ("diskstats", "vda sectors written"),
        ("tool free -b", "Mem total"), ("tool free -b", "Swap total"), ("tool top -bn1", "MiB Mem total"),
        ("tool uptime", "up (minutes)"), ("tool getconf", "_NPROCESSORS_ONLN"), ("tool getconf", "_NPROCESSORS_CONF"),
        ("all files", "read errors"),
    ];

    private static readonly (string File, string Check)[] s_python = [("tool python3", "os.cpu_count()")];

    private static readonly (string File, string Check)[] s_root =
        [("meminfo", "MemTotal"), ("cpuinfo", "processors"), ("stat", "cpuN lines"), ("online", "content"), ("all files", "read errors")];

    /// <summary>A container whose init moves from cgroup A to B, after which A is removed (tests/v2/moved.sh).</summary>
    private static readonly (string File, string Check)[] s_moved =
    [
        ("meminfo", "MemTotal in A"), ("meminfo", "MemTotal just after A was removed"),
        ("meminfo", "MemTotal 1.5 s after moving to B"), ("all files", "read errors"),
    ];

    /// <summary>The rig's own facts about each container (not a daemon's file): shown for both columns.</summary>
    private static readonly (string File, string Check)[] s_container =
        [("container", "/proc/self/cgroup"), ("container", "init pid")];

    public static IReadOnlyList<Scenario> Scenarios { get; } = ReadScenarios();

    /// <summary>Every (scenario, file, check) a daemon is judged on.</summary>
    public static IEnumerable<(string Scenario, string File, string Check)> DaemonChecks()
    {
        foreach (var scenario in Scenarios)
        {
            foreach (var (file, check) in scenario.Python ? s_perScenario.Concat(s_python) : s_perScenario)
            {
                yield return (scenario.Name, file, check);
            }
        }

        foreach (var (file, check) in s_moved)
        {
            yield return (MovedScenario, file, check);
        }

        foreach (var (file, check) in s_root)
        {
            yield return (RootScenario, file, check);
        }
    }

    public static IEnumerable<(string Scenario, string File, string Check)> ContainerChecks() =>
        Scenarios.SelectMany(s => s_container.Select(c => (s.Name, c.File, c.Check)));

    private static Scenario[] ReadScenarios() =>
        File.ReadLines(RepoPaths.Path("tests", "v2", "scenarios.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => new Scenario(f[0], f[2] == "yes", f[9] == "yes"))
            .ToArray();
}

/// <summary>A line of tests/v2/scenarios.txt: its name, whether it has a cgroup namespace, whether python runs.</summary>
public sealed record Scenario(string Name, bool CgroupNamespace, bool Python);
