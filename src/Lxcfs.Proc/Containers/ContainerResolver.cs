using System.Collections.Concurrent;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.IO;

namespace Lxcfs.Proc.Containers;

/// <summary>
/// Caller pid → <see cref="Container"/>: the init's (or, in the daemon's namespace, the caller's) cgroups.
/// A container found once is kept per pid namespace with a pidfd on its init: while the init lives the
/// entry stands (one syscall to check), its cgroup paths are re-read at most every second, and it is
/// dropped as soon as the init exits, so a recycled pid never answers for another container.
/// </summary>
public sealed class ContainerResolver(HostRoots roots)
{
    private const long PathsRefreshMilliseconds = 1000;
    private const long SweepMilliseconds = 10_000;
    private const int MaxEntries = 8192;

    private readonly ConcurrentDictionary<ulong, Entry> _containers = new();
    private long _lastSweep = Environment.TickCount64;

    public InitProcessResolver Inits { get; } = new(roots);

    /// <summary>Containers currently cached (for tests and metrics).</summary>
    public int CachedCount => _containers.Count;

    /// <summary>The container, or null when the caller or its init is gone.</summary>
    public Container? Resolve(int callerPid)
    {
        if (callerPid <= 0 || ProcessFiles.PidNamespace(roots, callerPid.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } ns)
        {
            return null;
        }

        Sweep();
        if (_containers.TryGetValue(ns, out var entry))
        {
            if (entry.PidFd.IsAlive)
            {
                return Environment.TickCount64 - entry.PathsReadAt < PathsRefreshMilliseconds ? entry.Container : Refresh(ns, entry);
            }

            Drop(ns, entry);
        }

        return ResolveFresh(callerPid, ns);
    }

    /// <summary>Drops the cached entry holding <paramref name="container"/>; false when it was not cached.</summary>
    public bool Forget(Container container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var ns = container.Init.Namespace;
        return _containers.TryGetValue(ns, out var entry) && ReferenceEquals(entry.Container, container) && Drop(ns, entry);
    }

    private Container? ResolveFresh(int callerPid, ulong ns)
    {
        if (Inits.Resolve(callerPid) is not { } init || ReadPaths(init.Pid) is not { } paths)
        {
            return null;
        }

        var container = new Container(init, paths);
        if (init.IsDaemonNamespace)
        {
            // The caller itself: it sits in its syscall while we answer, so its pid cannot be recycled meanwhile.
            return container;
        }

        // Open the pidfd first, then confirm the pid is still our init: from then on the pidfd pins it.
        var pidFd = PidFd.TryOpen(init.Pid);
        if (!Inits.IsStillValid(init))
        {
            pidFd?.Dispose();
            return null;
        }

        if (pidFd is not null && _containers.Count < MaxEntries && !_containers.TryAdd(ns, new Entry(container, pidFd, Environment.TickCount64)))
        {
            pidFd.Dispose();
        }

        return container;
    }

    private Container? Refresh(ulong ns, Entry entry)
    {
        if (ReadPaths(entry.Container.Init.Pid) is not { } paths || !entry.PidFd.IsAlive)
        {
            Drop(ns, entry);
            return null;
        }

        var refreshed = entry with { Container = entry.Container with { Paths = paths }, PathsReadAt = Environment.TickCount64 };
        _containers.TryUpdate(ns, refreshed, entry);
        return refreshed.Container;
    }

    private CgroupPaths? ReadPaths(int pid)
    {
        using var text = HostFile.TryRead(roots.PidFile(pid, "cgroup"));
        return text is null ? null : CgroupPaths.Parse(text.WrittenSpan);
    }

    private bool Drop(ulong ns, Entry entry)
    {
        if (!_containers.TryRemove(new KeyValuePair<ulong, Entry>(ns, entry)))
        {
            return false;
        }

        entry.PidFd.Dispose();
        return true;
    }

    // Containers that are never read again must not keep their pidfds open for ever.
    private void Sweep()
    {
        var last = Interlocked.Read(ref _lastSweep);
        var now = Environment.TickCount64;
        if (now - last < SweepMilliseconds || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (ns, entry) in _containers)
        {
            if (!entry.PidFd.IsAlive)
            {
                Drop(ns, entry);
            }
        }
    }

    private sealed record Entry(Container Container, PidFd PidFd, long PathsReadAt);
}
