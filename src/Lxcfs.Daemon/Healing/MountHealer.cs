using System.Diagnostics;
using System.Runtime.InteropServices;
using Lxcfs.Interop;

namespace Lxcfs.Daemon.Healing;

/// <summary>
/// Crash healing: after a fresh mount, finds every mount namespace (container) holding binds from a dead
/// LXCFS mount ("Transport endpoint is not connected") and re-binds the fresh files over the same paths,
/// without restarting anything. Namespaces without LXCFS mounts, or whose LXCFS mounts answer, are only
/// read, never entered. One container's failure never stops the others.
/// </summary>
public static class MountHealer
{
    /// <summary>
    /// Heals every container whose LXCFS binds from one of <paramref name="ownConnections"/> are dead, with files
    /// from the live mount at <paramref name="mountPoint"/>. Binds of other LXCFS instances are left alone and
    /// counted.
    /// </summary>
    /// <remarks>
    /// Call it once the session's readers serve: probing a container's binds opens them, and a bind of
    /// this daemon's own fresh mount is answered by this daemon. Needs root (CAP_SYS_ADMIN, CAP_SYS_CHROOT)
    /// and the host's pid namespace to see containers.
    /// </remarks>
    public static HealReport Heal(string mountPoint, IReadOnlyCollection<string> ownConnections)
    {
        ArgumentException.ThrowIfNullOrEmpty(mountPoint);
        ArgumentNullException.ThrowIfNull(ownConnections);
        var clock = Stopwatch.StartNew();
        var freshRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        var namespaces = MountNamespaces.Scan();
        int containers = 0, healed = 0, failed = 0, others = 0;
        foreach (var process in namespaces)
        {
            var dead = DeadMounts(process, ownConnections, out var ofOthers);
            others += ofOthers;
            if (dead.Count == 0)
            {
                continue;
            }

            var outcomes = NamespaceRebinder.Rebind(process, freshRoot, dead);
            var ok = outcomes.Count(o => o.Error is null);
            healed += ok;
            failed += outcomes.Count - ok;
            containers += ok > 0 ? 1 : 0;
            HealLog.Container(process, outcomes);
        }

        var report = new HealReport(namespaces.Count, containers, healed, failed, others, clock.Elapsed);
        HealLog.Summary(report);
        return report;
    }

    /// <summary>
    /// The namespace's LXCFS mounts of <paramref name="ownConnections"/> whose daemon is gone; empty when the process
    /// has exited. Mounts of other connections are counted in <paramref name="ofOthers"/> and never opened: a hung
    /// instance elsewhere cannot stall this one's start.
    /// </summary>
    public static IReadOnlyList<LxcfsBindMount> DeadMounts(NamespaceProcess process, IReadOnlyCollection<string> ownConnections, out int ofOthers)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(ownConnections);
        ofOthers = 0;
        string mountinfo;
        try
        {
            mountinfo = File.ReadAllText($"/proc/{process.Pid}/mountinfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var lxcfs = LxcfsMountSelector.Select(mountinfo);
        var own = lxcfs.Where(m => ownConnections.Contains(m.Device)).ToList();
        ofOthers = lxcfs.Count - own.Count;
        return [.. own.Where(m => ProbeErrno($"/proc/{process.Pid}/root{m.Target}") is Errno.ENOTCONN or Errno.ECONNABORTED)];
    }

    // A statfs, not a stat: the kernel answers stat from its attribute cache long after the daemon died, but
    // a statfs always asks the daemon (FUSE_STATFS), which renders no file, so a probe of a live instance's
    // bind costs it nothing. Through /proc/<pid>/root the path resolves in the container. ECONNABORTED: a
    // request caught in flight by the abort of the dead connection.
    private static unsafe int ProbeErrno(string path)
    {
        var buffer = stackalloc long[32];
        return Libc.StatFs(path, buffer) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }
}
