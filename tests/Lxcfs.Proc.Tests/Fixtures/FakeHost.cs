using System.Globalization;
using Lxcfs.Proc;

namespace Lxcfs.Proc.Tests.Fixtures;

/// <summary>
/// A fake host written to a temporary directory: <c>proc/</c> (host files, mountinfo, processes with
/// their status, stat, cgroup and ns/pid link) and <c>sys/</c> (cpu online, cgroup hierarchies).
/// Each test draws the hierarchy it needs; the directory is deleted on dispose.
/// </summary>
public sealed class FakeHost : IDisposable
{
    public const ulong HostPidNamespace = 4026531836;

    private FakeHost(string layoutName)
    {
        Root = Path.Combine(Path.GetTempPath(), "lxcfs-fixture-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Layout = layoutName;
        WriteHostFiles();
        Link("proc/self/ns/pid", $"pid:[{HostPidNamespace}]");
    }

    public string Root { get; }

    public string Layout { get; }

    public HostRoots Roots => new(Root + "/proc", Root + "/sys");

    public string CgroupRoot => Root + "/sys/fs/cgroup";

    /// <summary>Separate v1 hierarchies as on this CI machine: cpu, cpuacct, cpuset, memory, blkio.</summary>
    public static FakeHost V1() => Create("v1", false, ["cpu", "cpuacct", "cpuset", "memory", "blkio"]);

    /// <summary>v1 with cpu and cpuacct co-mounted (systemd's layout) plus a controller-less cgroup2.</summary>
    public static FakeHost Hybrid() => Create("hybrid", true, ["cpu,cpuacct", "cpuset", "memory", "blkio"]);

    /// <summary>A single cgroup2 hierarchy at sys/fs/cgroup.</summary>
    public static FakeHost V2()
    {
        var host = new FakeHost("v2");
        host.Write("proc/self/mountinfo",
            $"22 1 0:20 / /proc rw,relatime - proc proc rw\n30 25 0:26 / {host.CgroupRoot} rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n");
        Directory.CreateDirectory(host.CgroupRoot);
        return host;
    }

    private static FakeHost Create(string name, bool withUnified, string[] hierarchies)
    {
        var host = new FakeHost(name);
        var lines = new System.Text.StringBuilder("22 1 0:20 / /proc rw,relatime - proc proc rw\n");
        lines.Append(CultureInfo.InvariantCulture, $"31 23 0:28 / {host.CgroupRoot} rw,relatime - tmpfs tmpfs rw,mode=755\n");
        var id = 32;
        foreach (var hierarchy in hierarchies)
        {
            Directory.CreateDirectory(host.CgroupRoot + "/" + hierarchy);
            lines.Append(CultureInfo.InvariantCulture, $"{id} 31 0:{id} / {host.CgroupRoot}/{hierarchy} rw,relatime shared:{id} - cgroup cgroup rw,{hierarchy}\n");
            id++;
        }

        if (withUnified)
        {
            Directory.CreateDirectory(host.CgroupRoot + "/unified");
            lines.Append(CultureInfo.InvariantCulture, $"{id} 31 0:{id} / {host.CgroupRoot}/unified rw,relatime - cgroup2 cgroup2 rw\n");
        }

        host.Write("proc/self/mountinfo", lines.ToString());
        return host;
    }

    /// <summary>Writes files into the cgroup <paramref name="path"/> of hierarchy <paramref name="hierarchy"/> ("" on v2).</summary>
    public FakeHost Cgroup(string hierarchy, string path, params (string File, string Content)[] files)
    {
        var dir = CgroupRoot + (hierarchy.Length == 0 ? "" : "/" + hierarchy) + path.TrimEnd('/');
        Directory.CreateDirectory(dir);
        foreach (var (file, content) in files)
        {
            File.WriteAllText(dir + "/" + file, content);
        }

        return this;
    }

    /// <summary>
    /// A process: <paramref name="nspid"/> is its NSpid line (host pid first), <paramref name="namespaceInode"/>
    /// the inode of its pid namespace.
    /// </summary>
    public FakeHost Process(int pid, int parent, ulong namespaceInode, int[] nspid, ulong startTicks, string cgroupFile, char state = 'S', int[]? threads = null)
    {
        var status = Status(parent, nspid, state);
        Write($"proc/{pid}/status", status);
        Write($"proc/{pid}/stat", Stat(pid, parent, state, startTicks));
        Write($"proc/{pid}/cgroup", cgroupFile);
        Link($"proc/{pid}/ns/pid", $"pid:[{namespaceInode}]");
        Write($"proc/{pid}/task/{pid}/status", status);
        foreach (var tid in threads ?? [])
        {
            Write($"proc/{pid}/task/{tid}/status", Status(parent, [tid, tid - nspid[0] + nspid[^1]], state));
        }

        return this;
    }

    public static string Stat(int pid, int parent, char state, ulong startTicks) =>
        $"{pid} (sle ep) {state} {parent} " + string.Join(' ', Enumerable.Repeat("0", 17)) + $" {startTicks} 0 0 0 0\n";

    public FakeHost Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public FakeHost Link(string relative, string target)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            File.Delete(path);
        }

        File.CreateSymbolicLink(path, target);
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Status(int parent, int[] nspid, char state) =>
        $"Name:\tsleep\nUmask:\t0022\nState:\t{state} (x)\nTgid:\t{nspid[0]}\nPPid:\t{parent}\nNSpid:\t{string.Join('\t', nspid)}\nThreads:\t1\n";

    private void WriteHostFiles()
    {
        Write("proc/meminfo", HostFiles.Meminfo);
        Write("proc/cpuinfo", HostFiles.Cpuinfo);
        Write("proc/stat", HostFiles.Stat);
        Write("proc/uptime", HostFiles.Uptime);
        Write("proc/swaps", HostFiles.Swaps);
        Write("proc/diskstats", HostFiles.Diskstats);
        Write("proc/loadavg", HostFiles.Loadavg);
        Write("sys/devices/system/cpu/online", "0-3\n");
    }
}
