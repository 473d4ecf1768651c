using System.Collections.Concurrent;
using Lxcfs.Buffers;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.IO;

namespace Lxcfs.Proc.Containers;

/// <summary>
/// Caller pid → <see cref="Container"/>: the init of the caller's pid namespace and the init's cgroups
/// (in the daemon's own namespace, the caller and its cgroups). One cache, one entry per pid namespace:
/// a container found once is kept with a pidfd on its init; while the init lives the entry stands (one
/// syscall to check), its cgroup paths are re-read at most every second, and it is dropped as soon as
/// the init exits, so a recycled pid never answers for another container. On a kernel without pidfds
/// the entry keeps only the init, re-validated by start time and namespace and its paths re-read on
/// every use. A caller in the daemon's own pid namespace (a host process) is its own container, kept the
/// same way by its pid: a pidfd on it, its cgroup paths re-read at most every second.
/// </summary>
public sealed class ContainerResolver
{
    private const long PathsRefreshMilliseconds = 1000;
    private const long SweepMilliseconds = 10_000;
    private const int MaxEntries = 8192;

    private readonly HostRoots _roots;
    private readonly Func<int, PidFd?> _openPidFd;
    private readonly Action? _beforeSlowWork;
    private readonly InitProcessFinder _finder;
    private readonly Lazy<ulong?> _daemonNamespace;
    private readonly ConcurrentDictionary<ulong, Entry> _entries = new();
    private readonly ConcurrentDictionary<int, Entry> _ownNamespace = new();
    private readonly RepeatCallers _repeatCallers;
    private readonly StripedCounter _hits = new();
    private readonly StripedCounter _misses = new();
    private long _lastSweep = Environment.TickCount64;

    /// <param name="roots">procfs/sysfs location</param>
    /// <param name="beforeSlowWork">called before finding a container seen for the first time, which may
    /// scan /proc (the FUSE session lets another thread wait for requests meanwhile)</param>
    public ContainerResolver(HostRoots roots, Action? beforeSlowWork = null)
        : this(roots, PidFd.TryOpen, beforeSlowWork)
    {
    }

    /// <param name="roots">procfs/sysfs location</param>
    /// <param name="openPidFd">pins an init; a function returning null stands for a kernel without pidfds</param>
    /// <param name="beforeSlowWork">see the public constructor</param>
    internal ContainerResolver(HostRoots roots, Func<int, PidFd?> openPidFd, Action? beforeSlowWork = null)
    {
        _roots = roots;
        _openPidFd = openPidFd;
        _beforeSlowWork = beforeSlowWork;
        _finder = new InitProcessFinder(roots);
        _repeatCallers = new RepeatCallers(roots, openPidFd);
        _daemonNamespace = new Lazy<ulong?>(() => ProcessFiles.PidNamespace(roots, "self"));
    }

    /// <summary>Pid namespaces currently cached (for tests and metrics).</summary>
    public int CachedCount => _entries.Count;

    /// <summary>Resolutions answered from the cache (metrics).</summary>
    public long Hits => _hits.Value;

    /// <summary>Resolutions of a pid namespace not cached, or whose cached init had gone (metrics).</summary>
    public long Misses => _misses.Value;

    /// <summary>Full /proc scans made to find an init, so tests can see the cache working.</summary>
    public int ScanCount => _finder.ScanCount;

    /// <summary>The container, or null when the caller or its init is gone.</summary>
    public Container? Resolve(int callerPid)
    {
        if (callerPid <= 0)
        {
            return null;
        }

        Sweep();
        if (Known(callerPid) is { } known)
        {
            _hits.Increment();
            return known;
        }

        if (ProcessFiles.PidNamespace(_roots, callerPid) is not { } ns)
        {
            return null;
        }

        if (ns == _daemonNamespace.Value)
        {
            _misses.Increment();
            return OwnContainer(callerPid, ns);
        }

        var container = ResolveNamespace(callerPid, ns);
        if (container is not null)
        {
            _repeatCallers.Saw(callerPid, ns);
        }

        return container;
    }

    /// <summary>Pinned callers, whose container needs no syscall but the check that they are alive.</summary>
    private Container? Known(int callerPid)
    {
        if (_ownNamespace.TryGetValue(callerPid, out var own))
        {
            if (own.PidFd is { IsAlive: true })
            {
                return Current(_ownNamespace, callerPid, own);
            }

            Drop(_ownNamespace, callerPid, own);
        }

        // A live caller keeps its namespace alive, so its entry's init is alive too (an init's exit kills
        // every process of its namespace): only the paths' age is checked.
        return _repeatCallers.NamespaceOf(callerPid) is { } ns && _entries.TryGetValue(ns, out var entry) && entry.PidFd is not null
            ? Current(_entries, ns, entry)
            : null;
    }

    private Container? ResolveNamespace(int callerPid, ulong ns)
    {
        if (_entries.TryGetValue(ns, out var entry))
        {
            if (entry.PidFd is { } pidFd)
            {
                if (pidFd.IsAlive)
                {
                    _hits.Increment();
                    return Current(_entries, ns, entry);
                }
            }
            else
            {
                // No pidfd to pin the init: its paths are read afresh, and count only if it is the same
                // process after the read.
                var paths = ReadPaths(entry.Container.Init.Pid);
                if (_finder.IsSameProcess(entry.Container.Init))
                {
                    _hits.Increment();
                    return paths is null ? null : entry.Container with { Paths = paths };
                }
            }

            Drop(_entries, ns, entry);
        }

        _misses.Increment();
        return ResolveFresh(callerPid, ns);
    }

    /// <summary>
    /// Makes the next resolution of <paramref name="container"/>'s namespace re-read its cgroup paths (its
    /// cgroup was removed: the init moved). False when <paramref name="container"/> is not the cached one.
    /// </summary>
    public bool ExpirePaths(Container container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.Init.IsDaemonNamespace
            ? Expire(_ownNamespace, container.Init.Pid, container)
            : Expire(_entries, container.Init.Namespace, container);
    }

    private static bool Expire<TKey>(ConcurrentDictionary<TKey, Entry> cache, TKey key, Container container)
        where TKey : notnull =>
        cache.TryGetValue(key, out var entry) && ReferenceEquals(entry.Container, container)
            && cache.TryUpdate(key, entry with { PathsReadAt = Environment.TickCount64 - PathsRefreshMilliseconds }, entry);

    /// <summary>
    /// A caller in the daemon's own namespace is its own container. Its start time is never used (such a
    /// caller sees the host's uptime), so only its cgroup paths are read. A pidfd opened while it sits in
    /// its syscall pins it, so later reads reuse the entry after one check, like a container's
    /// (<see cref="Known"/> has already looked for one).
    /// </summary>
    private Container? OwnContainer(int callerPid, ulong ns)
    {
        var pidFd = _openPidFd(callerPid);
        if (ReadPaths(callerPid) is not { } paths || pidFd is { IsAlive: false })
        {
            pidFd?.Dispose();
            return null;
        }

        var container = new Container(new InitProcess(callerPid, 0, ns, 1, IsDaemonNamespace: true), paths);
        if (pidFd is not null && (_ownNamespace.Count >= MaxEntries || !_ownNamespace.TryAdd(callerPid, new Entry(container, pidFd, Environment.TickCount64))))
        {
            pidFd.Dispose();
        }

        return container;
    }

    private Container? ResolveFresh(int callerPid, ulong ns)
    {
        _beforeSlowWork?.Invoke();
        if (_finder.Find(callerPid, ns) is not { } init || ReadPaths(init.Pid) is not { } paths)
        {
            return null;
        }

        // Open the pidfd first, then confirm the pid is still our init: from then on the pidfd pins it.
        var pidFd = _openPidFd(init.Pid);
        if (!_finder.IsSameProcess(init))
        {
            pidFd?.Dispose();
            return null;
        }

        var container = new Container(init, paths);
        if (_entries.Count >= MaxEntries || !_entries.TryAdd(ns, new Entry(container, pidFd, Environment.TickCount64)))
        {
            pidFd?.Dispose();
        }

        return container;
    }

    // The cached container, its paths re-read once they are a second old.
    private Container? Current<TKey>(ConcurrentDictionary<TKey, Entry> cache, TKey key, Entry entry)
        where TKey : notnull =>
        entry.PathsAreFresh ? entry.Container : Refresh(cache, key, entry);

    private Container? Refresh<TKey>(ConcurrentDictionary<TKey, Entry> cache, TKey key, Entry entry)
        where TKey : notnull
    {
        if (ReadPaths(entry.Container.Init.Pid) is not { } paths || entry.PidFd is not { IsAlive: true })
        {
            Drop(cache, key, entry);
            return null;
        }

        var refreshed = entry with { Container = entry.Container with { Paths = paths }, PathsReadAt = Environment.TickCount64 };
        cache.TryUpdate(key, refreshed, entry);
        return refreshed.Container;
    }

    private CgroupPaths? ReadPaths(int pid)
    {
        using var text = HostFile.TryRead(_roots.PidFile(pid, "cgroup"));
        return text is null ? null : CgroupPaths.Parse(text.WrittenSpan);
    }

    private bool IsAlive(Entry entry) => entry.PidFd?.IsAlive ?? _finder.IsSameProcess(entry.Container.Init);

    private static void Drop<TKey>(ConcurrentDictionary<TKey, Entry> cache, TKey key, Entry entry)
        where TKey : notnull
    {
        if (cache.TryRemove(new KeyValuePair<TKey, Entry>(key, entry)))
        {
            entry.PidFd?.Dispose();
        }
    }

    // Containers that are never read again must not keep their pidfds open, nor their places, for ever.
    private void Sweep()
    {
        var last = Interlocked.Read(ref _lastSweep);
        var now = Environment.TickCount64;
        if (now - last < SweepMilliseconds || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (ns, entry) in _entries)
        {
            if (!IsAlive(entry))
            {
                Drop(_entries, ns, entry);
            }
        }

        foreach (var (pid, entry) in _ownNamespace)
        {
            if (entry.PidFd is not { IsAlive: true })
            {
                Drop(_ownNamespace, pid, entry);
            }
        }

        _repeatCallers.Sweep();
    }

    /// <param name="Container">the init and its cgroup paths as last read</param>
    /// <param name="PidFd">pins the init; null on a kernel without pidfds</param>
    /// <param name="PathsReadAt">when the paths were read (<see cref="Environment.TickCount64"/>)</param>
    private sealed record Entry(Container Container, PidFd? PidFd, long PathsReadAt)
    {
        public bool PathsAreFresh => Environment.TickCount64 - PathsReadAt < PathsRefreshMilliseconds;
    }
}
