using System.Globalization;
using Lxcfs.Daemon.Hosting;

namespace Lxcfs.Daemon.Healing;

/// <summary>The log lines of crash healing: one per healed container, one per failure, one summary.</summary>
internal static class HealLog
{
    public static void Container(NamespaceProcess process, IReadOnlyList<RebindOutcome> outcomes)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"pid {process.Pid}, mount namespace {process.Inode}, cgroup {ContainerCgroup(process.Pid)}");
        var healed = outcomes.Where(o => o.Error is null).Select(o => o.Mount.Target).ToList();
        if (healed.Count > 0)
        {
            DaemonLog.Info(string.Create(CultureInfo.InvariantCulture, $"healed container ({where}): re-bound {healed.Count} dead lxcfs mounts: {string.Join(", ", healed)}"));
        }

        foreach (var failure in outcomes.Where(o => o.Error is not null))
        {
            DaemonLog.Warn($"cannot heal {failure.Mount.Target} in container ({where}): {failure.Error}");
        }
    }

    public static void Summary(HealReport report) =>
        DaemonLog.Info(string.Create(CultureInfo.InvariantCulture, $"crash healing: {report.MountsHealed} mounts re-bound in {report.ContainersHealed} containers, {report.MountsFailed} failed, {report.NamespacesScanned} mount namespaces scanned in {report.Elapsed.TotalMilliseconds:F0} ms; {report.MountsOfOthers} mounts of other lxcfs instances left alone"));

    // For the operator only: the longest cgroup path of the process names its container best on v1 and v2.
    private static string ContainerCgroup(int pid)
    {
        try
        {
            return File.ReadAllLines($"/proc/{pid}/cgroup").Select(l => l[(l.IndexOf(':', l.IndexOf(':') + 1) + 1)..]).MaxBy(p => p.Length) ?? "?";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
