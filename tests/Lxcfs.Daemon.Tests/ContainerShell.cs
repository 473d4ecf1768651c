using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// Runs a shell script as a transient container, the way <c>hack/demo.sh</c> does: the shell joins the
/// test cgroup, then <c>unshare --pid --fork --mount --propagation private --mount-proc</c> makes the script
/// the init (pid 1) of a new pid namespace with its own mount namespace. Bind mounts made inside never
/// reach the host and vanish with the namespace. The run is bounded; on overrun the process tree is
/// killed by pid, and <see cref="TestCgroup.Dispose"/> kills anything left in the cgroup.
/// </summary>
internal static class ContainerShell
{
    /// <summary>The files a daemon mount serves, relative to its root, as the webhook binds them.</summary>
    public static readonly string[] BoundFiles =
    [
        "proc/cpuinfo", "proc/diskstats", "proc/loadavg", "proc/meminfo", "proc/stat", "proc/swaps", "proc/uptime",
        "sys/devices/system/cpu/online", "sys/devices/system/cpu/offline", "sys/devices/system/cpu/possible", "sys/devices/system/cpu/present",
    ];

    /// <summary>Runs <paramref name="script"/> (sh) as the container's init and returns what it printed.</summary>
    public static ProcessResult Run(TestCgroup cgroup, string script, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(cgroup);
        return ProcessRunner.Run("/bin/sh", ["-c", $"{cgroup.JoinScript()}; exec unshare --pid --fork --mount --propagation private --mount-proc /bin/sh -c \"$0\"", script], timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Shell lines that bind every file of <paramref name="mountPoint"/> over the container's /proc and /sys.</summary>
    public static string BindOverProcAndSys(string mountPoint)
    {
        Prerequisite.RequireExecutable("mount");
        return string.Concat(BoundFiles.Select(f => $"mount --bind '{mountPoint}/{f}' '/{f}' || exit 97\n"));
    }

    /// <summary>
    /// Splits output made of sections that start with a <c>=== name</c> line into name → body
    /// (what <see cref="Section"/> prints).
    /// </summary>
    public static Dictionary<string, string> Sections(string output)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        var body = new System.Text.StringBuilder();
        foreach (var line in (output ?? "").Split('\n'))
        {
            if (line.StartsWith("=== ", StringComparison.Ordinal))
            {
                Flush();
                name = line[4..];
                continue;
            }

            body.Append(line).Append('\n');
        }

        Flush();
        return sections;

        void Flush()
        {
            if (name is not null)
            {
                sections[name] = body.ToString().TrimEnd('\n') + "\n";
            }

            body.Clear();
        }
    }

    /// <summary>A shell line printing a section header, then the output of <paramref name="command"/>.</summary>
    public static string Section(string name, string command) => $"echo '=== {name}'; {command}\n";
}
