using System.Globalization;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Containers;
using Lxcfs.Proc.IO;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Loadavg;

/// <summary>
/// Counts the tasks of a cgroup subtree: every pid in <c>cgroup.procs</c> of the cgroup and all its
/// descendants, every thread of those from <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/status</c>. Only tasks
/// inside the container's pid namespace count (a runtime helper left in the cgroup is invisible to the
/// container), and pids are numbered as that namespace numbers them.
/// </summary>
public static class TaskCensus
{
    /// <summary>The sample, or null when the cgroup directory is gone.</summary>
    /// <param name="roots">where procfs is</param>
    /// <param name="cgroup">the container's cgroup</param>
    /// <param name="namespaceDepth">depth of the container's pid namespace (1 = the daemon's)</param>
    public static TaskSample? Take(HostRoots roots, CgroupDirectory cgroup, int namespaceDepth)
    {
        if (!Directory.Exists(cgroup.Path))
        {
            return null;
        }

        int running = 0, active = 0, total = 0, lastPid = 0;
        foreach (var pid in Pids(cgroup.Path))
        {
            foreach (var taskDir in Tasks(roots, pid))
            {
                using var text = HostFile.TryRead(taskDir + "/status");
                if (text is null || ProcessStatus.Parse(text.WrittenSpan) is not { } status || status.NamespaceDepth < namespaceDepth)
                {
                    continue;
                }

                total++;
                running += status.State == (byte)'R' ? 1 : 0;
                active += status.State is (byte)'R' or (byte)'D' ? 1 : 0;
                lastPid = Math.Max(lastPid, status.PidAtDepth(namespaceDepth));
            }
        }

        return new TaskSample(running, active, total, lastPid);
    }

    private static string[] Tasks(HostRoots roots, string pid)
    {
        try
        {
            return Directory.GetDirectories(roots.Proc + "/" + pid + "/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IEnumerable<string> Pids(string cgroupDir)
    {
        var pending = new Stack<string>();
        pending.Push(cgroupDir);
        while (pending.TryPop(out var dir))
        {
            using (var procs = HostFile.TryRead(dir + "/cgroup.procs"))
            {
                if (procs is null)
                {
                    continue;
                }

                var lines = new LineReader(procs.WrittenSpan);
                var found = new List<string>();
                while (lines.TryRead(out var line))
                {
                    if (Ascii.TryParseUInt64(line.Trim(" \t"u8), out var pid))
                    {
                        found.Add(pid.ToString(CultureInfo.InvariantCulture));
                    }
                }

                foreach (var pid in found)
                {
                    yield return pid;
                }
            }

            foreach (var child in SafeChildren(dir))
            {
                pending.Push(child);
            }
        }
    }

    private static string[] SafeChildren(string dir)
    {
        try
        {
            return Directory.GetDirectories(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
