using System.Diagnostics;
using System.Globalization;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// A transient container cgroup on this cgroup v1 (hybrid) host: <c>lxcfs-test-&lt;random&gt;</c> (the
/// parent, think "pod") and <c>lxcfs-test-&lt;random&gt;/ct</c> (the container) in the memory, cpu, cpuacct
/// and cpuset hierarchies. Both cpusets start with the root's CPUs and memory nodes, since a v1 cpuset
/// refuses tasks until both are set. Dispose kills whatever is left inside (by pid) and removes them.
/// </summary>
public sealed class TestCgroup : IDisposable
{
    public const string Root = "/sys/fs/cgroup";
    public const string Container = "ct";
    public static readonly string[] Hierarchies = ["memory", "cpu", "cpuacct", "cpuset"];

    private TestCgroup(string prefix) => Prefix = prefix;

    /// <summary>The parent cgroup's name under each hierarchy's root.</summary>
    public string Prefix { get; }

    /// <summary>The container cgroup, relative to each hierarchy's root.</summary>
    public string ContainerPath => Prefix + "/" + Container;

    public static int HostCpuCount => File.ReadAllLines("/proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal));

    public static void RequireLiveHost()
    {
        DaemonProcess.RequirePrerequisites();
        Prerequisite.RequireExecutable("unshare");
        foreach (var hierarchy in Hierarchies)
        {
            Prerequisite.RequireFile($"{Root}/{hierarchy}/cgroup.procs", $"the cgroup v1 {hierarchy} hierarchy");
        }
    }

    public static TestCgroup Create()
    {
        RequireLiveHost();
        var cgroup = new TestCgroup("lxcfs-test-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            foreach (var hierarchy in Hierarchies)
            {
                Directory.CreateDirectory($"{Root}/{hierarchy}/{cgroup.ContainerPath}");
            }

            foreach (var level in new[] { "", Container })
            {
                cgroup.Set("cpuset", level, "cpuset.cpus", File.ReadAllText($"{Root}/cpuset/cpuset.cpus").Trim());
                cgroup.Set("cpuset", level, "cpuset.mems", File.ReadAllText($"{Root}/cpuset/cpuset.mems").Trim());
            }

            return cgroup;
        }
        catch
        {
            cgroup.Dispose();
            throw;
        }
    }

    /// <summary>Writes a control file of the parent (<paramref name="level"/> "") or the container ("ct").</summary>
    public void Set(string hierarchy, string level, string file, string value) =>
        File.WriteAllText(Dir(hierarchy, level) + "/" + file, value);

    /// <summary>A CFS quota of <paramref name="cpus"/> CPUs (period 100 ms) on the parent or the container.</summary>
    public void SetQuota(string level, double cpus)
    {
        Set("cpu", level, "cpu.cfs_period_us", "100000");
        Set("cpu", level, "cpu.cfs_quota_us", ((long)(cpus * 100_000)).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Narrows the cpuset of both levels (the container's first: a parent must contain its children's).</summary>
    public void SetCpus(string cpus)
    {
        Set("cpuset", Container, "cpuset.cpus", cpus);
        Set("cpuset", "", "cpuset.cpus", cpus);
    }

    /// <summary>Shell commands that move the shell running them (<c>$$</c>) into the container cgroup.</summary>
    public string JoinScript() => string.Join("; ", Hierarchies.Select(h => $"echo $$ > {Dir(h, Container)}/cgroup.procs"));

    public string Dir(string hierarchy, string level) => $"{Root}/{hierarchy}/{(level.Length == 0 ? Prefix : ContainerPath)}";

    public void Dispose()
    {
        foreach (var level in new[] { Container, "" })
        {
            foreach (var hierarchy in Hierarchies)
            {
                RemoveWithRetry(Dir(hierarchy, level));
            }
        }
    }

    // A cgroup with tasks cannot be removed: kill them (by pid) until it is empty, then rmdir.
    private static void RemoveWithRetry(string dir)
    {
        var clock = Stopwatch.StartNew();
        while (Directory.Exists(dir) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            foreach (var pid in Pids(dir))
            {
                Native.Kill(pid, Native.SIGKILL);
            }

            try
            {
                Directory.Delete(dir);
            }
            catch (IOException)
            {
                Thread.Sleep(20);
            }
        }
    }

    private static int[] Pids(string dir)
    {
        try
        {
            return [.. File.ReadAllLines(dir + "/cgroup.procs").Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
