using System.Collections.Concurrent;
using System.Globalization;

namespace Lxcfs.Proc.Containers;

/// <summary>
/// Finds the init (pid 1) of a caller's pid namespace by reading procfs: first up the parent chain,
/// then by scanning every <c>/proc/&lt;pid&gt;/status</c> for an <c>NSpid:</c> that ends in 1 at the
/// caller's depth. No fork or setns. Results are cached per namespace inode and re-validated by start
/// time on every use, so a recycled pid never answers for another container.
/// </summary>
public sealed class InitProcessResolver
{
    private const int MaxCacheEntries = 8192;
    private readonly HostRoots _roots;
    private readonly ConcurrentDictionary<ulong, InitProcess> _cache = new();
    private readonly Lazy<ulong?> _daemonNamespace;
    private int _scanCount;

    public InitProcessResolver(HostRoots roots)
    {
        _roots = roots;
        _daemonNamespace = new Lazy<ulong?>(() => ProcessFiles.PidNamespace(_roots, "self"));
    }

    /// <summary>Counts full /proc scans, so tests can see the cache working.</summary>
    public int ScanCount => Volatile.Read(ref _scanCount);

    /// <summary>The init for <paramref name="callerPid"/>, or null when the caller or its init cannot be found.</summary>
    public InitProcess? Resolve(int callerPid)
    {
        if (callerPid <= 0)
        {
            return null;
        }

        var pidText = callerPid.ToString(CultureInfo.InvariantCulture);
        if (ProcessFiles.PidNamespace(_roots, pidText) is not { } ns)
        {
            return null;
        }

        if (ns == _daemonNamespace.Value)
        {
            return ProcessFiles.StartTime(_roots, callerPid) is { } start ? new InitProcess(callerPid, start, ns, 1, true) : null;
        }

        if (_cache.TryGetValue(ns, out var cached))
        {
            if (IsStillValid(cached))
            {
                return cached;
            }

            _cache.TryRemove(new KeyValuePair<ulong, InitProcess>(ns, cached));
        }

        var found = Find(callerPid, pidText, ns);
        if (found is not null)
        {
            if (_cache.Count >= MaxCacheEntries)
            {
                _cache.Clear();
            }

            _cache[ns] = found;
        }

        return found;
    }

    /// <summary>True while <paramref name="init"/> is still the same process (same pid, start time and namespace).</summary>
    public bool IsStillValid(InitProcess init) =>
        ProcessFiles.StartTime(_roots, init.Pid) == init.StartTime
        && ProcessFiles.PidNamespace(_roots, init.Pid.ToString(CultureInfo.InvariantCulture)) == init.Namespace;

    private InitProcess? Find(int callerPid, string callerText, ulong ns)
    {
        if (ProcessFiles.Status(_roots, callerText) is not { } caller)
        {
            return null;
        }

        return WalkParents(callerPid, caller, ns) ?? Scan(caller.NamespaceDepth, ns);
    }

    private InitProcess? WalkParents(int pid, ProcessStatus status, ulong ns)
    {
        var depth = status.NamespaceDepth;
        for (var steps = 0; steps < 1024; steps++)
        {
            if (status.NamespaceDepth < depth)
            {
                return null;
            }

            if (status.NamespaceDepth == depth && status.InnermostPid == 1 && Confirm(pid, ns, depth) is { } init)
            {
                return init;
            }

            if (status.ParentPid <= 0 || ProcessFiles.Status(_roots, status.ParentPid.ToString(CultureInfo.InvariantCulture)) is not { } parent)
            {
                return null;
            }

            pid = status.ParentPid;
            status = parent;
        }

        return null;
    }

    private InitProcess? Scan(int depth, ulong ns)
    {
        Interlocked.Increment(ref _scanCount);
        foreach (var dir in Directory.EnumerateDirectories(_roots.Proc))
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            // The namespace link is cheaper than status and rules out nearly every process.
            var pidText = name.ToString();
            if (ProcessFiles.PidNamespace(_roots, pidText) == ns && ProcessFiles.Status(_roots, pidText) is { } status
                && status.NamespaceDepth == depth && status.InnermostPid == 1 && Confirm(pid, ns, depth) is { } init)
            {
                return init;
            }
        }

        return null;
    }

    private InitProcess? Confirm(int pid, ulong ns, int depth)
    {
        if (ProcessFiles.PidNamespace(_roots, pid.ToString(CultureInfo.InvariantCulture)) != ns)
        {
            return null;
        }

        return ProcessFiles.StartTime(_roots, pid) is { } start ? new InitProcess(pid, start, ns, depth, false) : null;
    }
}
