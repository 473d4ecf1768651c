using System.Runtime.InteropServices;
using Lxcfs.Interop;

namespace Lxcfs.Daemon.Hosting;

/// <summary>
/// Under Kubernetes on cgroup v2 the daemon's container gets a private cgroup namespace, in which every
/// other container's <c>/proc/&lt;pid&gt;/cgroup</c> reads <c>/../../..</c>. With <c>hostPID</c>, pid 1
/// is the host's init: reader threads join its cgroup namespace so those paths are the host's again.
/// A namespace is per thread, so each thread that resolves callers joins on its own.
/// </summary>
public static class HostCgroupNamespace
{
    private static string s_source = "/proc/1/ns/cgroup";
    private static Lazy<bool> s_differs = new(ComputeDiffers);

    /// <summary>True when the daemon runs in another cgroup namespace than the reference process.</summary>
    public static bool Differs => s_differs.Value;

    /// <summary>Takes the namespace of <paramref name="pid"/> instead of pid 1's (set before the first reader starts).</summary>
    public static void UseNamespaceOf(int pid)
    {
        s_source = $"/proc/{pid}/ns/cgroup";
        s_differs = new Lazy<bool>(ComputeDiffers);
    }

    private static bool ComputeDiffers() => Link("/proc/self/ns/cgroup") is { } own && Link(s_source) is { } host && own != host;

    /// <summary>Moves the calling thread into pid 1's cgroup namespace when it differs; logs and goes on when it cannot.</summary>
    public static void JoinOnThisThread()
    {
        if (!Differs)
        {
            return;
        }

        var fd = Libc.Open(s_source, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0 || Libc.Setns(fd, Libc.CLONE_NEWCGROUP) != 0)
        {
            DaemonLog.Warn($"cannot join the host's cgroup namespace (errno {Marshal.GetLastPInvokeError()}): containers' cgroups may be unreadable and they would get host files");
        }

        if (fd >= 0)
        {
            _ = Libc.Close(fd);
        }
    }

    private static string? Link(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
