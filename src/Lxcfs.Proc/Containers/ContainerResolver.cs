using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Containers;

/// <summary>Caller pid → <see cref="Container"/>: the init's (or, in the daemon's namespace, the caller's) cgroups.</summary>
public sealed class ContainerResolver(HostRoots roots)
{
    public InitProcessResolver Inits { get; } = new(roots);

    /// <summary>The container, or null when the caller or its init is gone.</summary>
    public Container? Resolve(int callerPid)
    {
        if (Inits.Resolve(callerPid) is not { } init)
        {
            return null;
        }

        using var text = PooledBuffer.TryReadFile(roots.PidFile(init.Pid, "cgroup"));
        if (text is null)
        {
            return null;
        }

        var paths = CgroupPaths.Parse(text.WrittenSpan);

        // The init may have exited (and its pid been reused) between validation and this read.
        return init.IsDaemonNamespace || Inits.IsStillValid(init) ? new Container(init, paths) : null;
    }
}
