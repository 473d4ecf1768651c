using System.Diagnostics;
using System.Globalization;

namespace Lxcfs.Proc.Tests.Live;

/// <summary>
/// A real transient container on this cgroup v1 host: cgroups <c>&lt;prefix&gt;/ct</c> in the memory,
/// cpu, cpuset and cpuacct hierarchies, and <c>unshare --pid --fork --mount-proc</c> running
/// <c>sh -c "sleep 60 &amp; wait"</c> in them (sh is pid 1, sleep pid 2). Dispose kills by pid and
/// removes the cgroups.
/// </summary>
public sealed class LiveContainer : IDisposable
{
    public const string CgroupRoot = "/sys/fs/cgroup";
    public static readonly string[] Hierarchies = ["memory", "cpu", "cpuset", "cpuacct"];
    private readonly List<Process> _started = [];

    public LiveContainer(string prefix)
    {
        Prefix = prefix;
        foreach (var hierarchy in Hierarchies)
        {
            Directory.CreateDirectory($"{CgroupRoot}/{hierarchy}/{prefix}/ct");
        }

        // cpuset refuses tasks until cpus and mems are set at every level.
        foreach (var level in new[] { prefix, prefix + "/ct" })
        {
            Set("cpuset", level, "cpuset.cpus", File.ReadAllText($"{CgroupRoot}/cpuset/cpuset.cpus").Trim());
            Set("cpuset", level, "cpuset.mems", File.ReadAllText($"{CgroupRoot}/cpuset/cpuset.mems").Trim());
        }
    }

    public string Prefix { get; }

    public int UnsharePid { get; private set; }

    public int InitPid { get; private set; }

    public int ChildPid { get; private set; }

    public static string NewPrefix() => "lxcfs-test-" + Guid.NewGuid().ToString("N")[..10];

    public static void Set(string hierarchy, string cgroup, string file, string value) =>
        File.WriteAllText($"{CgroupRoot}/{hierarchy}/{cgroup}/{file}", value);

    /// <summary>
    /// Starts the pid namespace inside <c>&lt;prefix&gt;/ct</c>, its init running <paramref name="initScript"/>,
    /// and waits until the init has <paramref name="children"/> children.
    /// </summary>
    public void Start(string initScript = "sleep 60 & wait", int children = 1)
    {
        var join = string.Join("; ", Hierarchies.Select(h => $"echo $$ > {CgroupRoot}/{h}/{Prefix}/ct/cgroup.procs"));
        var unshare = Run("/bin/sh", "-c", $"{join}; exec unshare --pid --fork --mount-proc /bin/sh -c '{initScript}'");
        UnsharePid = unshare.Id;
        InitPid = WaitForChild(UnsharePid);
        ChildPid = WaitForChild(InitPid, children);
    }

    /// <summary>Waits until the init's children have exec'd into exactly <paramref name="commands"/> (any order).</summary>
    public void WaitForChildCommands(params string[] commands)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var children = File.ReadAllText($"/proc/{InitPid}/task/{InitPid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var names = children.Select(c => File.Exists($"/proc/{c}/comm") ? File.ReadAllText($"/proc/{c}/comm").Trim() : "").Order();
            if (names.SequenceEqual(commands.Order()))
            {
                return;
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException("the container's processes did not start: " + string.Join(',', commands));
    }

    /// <summary>A process that enters the container's pid namespace from outside (its parent stays on the host).</summary>
    public int Exec()
    {
        var nsenter = Run("nsenter", "-t", InitPid.ToString(CultureInfo.InvariantCulture), "-p", "sleep", "60");
        return WaitForChild(nsenter.Id);
    }

    /// <summary>A host-namespace process inside <c>&lt;prefix&gt;/ct</c> (no new pid namespace).</summary>
    public int StartHostProcess()
    {
        var join = string.Join("; ", Hierarchies.Select(h => $"echo $$ > {CgroupRoot}/{h}/{Prefix}/ct/cgroup.procs"));
        var process = Run("/bin/sh", "-c", $"{join}; exec sleep 60");
        var deadline = Stopwatch.StartNew();
        while (!File.ReadAllText($"/proc/{process.Id}/cmdline").StartsWith("sleep", StringComparison.Ordinal))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("host process did not start");
            }

            Thread.Sleep(20);
        }

        return process.Id;
    }

    public void Dispose()
    {
        // Killing a pid namespace's init kills every process in it.
        Kill(InitPid);

        foreach (var process in _started)
        {
            Kill(process.Id);
            process.WaitForExit(5000);
            process.Dispose();
        }

        foreach (var hierarchy in Hierarchies)
        {
            RemoveWithRetry($"{CgroupRoot}/{hierarchy}/{Prefix}/ct");
            RemoveWithRetry($"{CgroupRoot}/{hierarchy}/{Prefix}");
        }
    }

    private Process Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
        _started.Add(process);
        return process;
    }

    private static int WaitForChild(int parent, int count = 1)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var children = File.Exists($"/proc/{parent}/task/{parent}/children")
                ? File.ReadAllText($"/proc/{parent}/task/{parent}/children").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            if (children.Length >= count)
            {
                return int.Parse(children[0], CultureInfo.InvariantCulture);
            }

            Thread.Sleep(5);
        }

        throw new TimeoutException($"process {parent} got no child");
    }

    private static void Kill(int pid)
    {
        if (pid <= 0)
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void RemoveWithRetry(string dir)
    {
        for (var attempt = 0; attempt < 100 && Directory.Exists(dir); attempt++)
        {
            try
            {
                Directory.Delete(dir);
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
        }
    }
}
