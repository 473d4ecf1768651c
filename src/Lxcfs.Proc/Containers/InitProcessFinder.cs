using System.Globalization;

namespace Lxcfs.Proc.Containers;

/// <summary>
/// Finds the init (pid 1) of a caller's pid namespace by reading procfs: first up the parent chain,
/// then by scanning every <c>/proc/&lt;pid&gt;/status</c> for an <c>NSpid:</c> that ends in 1 at the
/// caller's depth. No fork or setns. Caches nothing: <see cref="ContainerResolver"/> keeps what it finds.
/// </summary>
internal sealed class InitProcessFinder(HostRoots roots)
{
    private int _scanCount;

    /// <summary>Counts full /proc scans, so tests can see the resolver's cache working.</summary>
    public int ScanCount => Volatile.Read(ref _scanCount);

    /// <summary>The init of <paramref name="ns"/>, the pid namespace of <paramref name="callerPid"/>; null when either is gone.</summary>
    public InitProcess? Find(int callerPid, ulong ns)
    {
        if (ProcessFiles.Status(roots, callerPid.ToString(CultureInfo.InvariantCulture)) is not { } caller)
        {
            return null;
        }

        return WalkParents(callerPid, caller, ns) ?? Scan(caller.NamespaceDepth, ns);
    }

    /// <summary>True while <paramref name="init"/> is still the same process (same pid, start time and namespace).</summary>
    public bool IsSameProcess(InitProcess init) =>
        ProcessFiles.StartTime(roots, init.Pid) == init.StartTime
        && ProcessFiles.PidNamespace(roots, init.Pid.ToString(CultureInfo.InvariantCulture)) == init.Namespace;

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

            if (status.ParentPid <= 0 || ProcessFiles.Status(roots, status.ParentPid.ToString(CultureInfo.InvariantCulture)) is not { } parent)
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
        foreach (var dir in Directory.EnumerateDirectories(roots.Proc))
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            // The namespace link is cheaper than status and rules out nearly every process.
            var pidText = name.ToString();
            if (ProcessFiles.PidNamespace(roots, pidText) == ns && ProcessFiles.Status(roots, pidText) is { } status
                && status.NamespaceDepth == depth && status.InnermostPid == 1 && Confirm(pid, ns, depth) is { } init)
            {
                return init;
            }
        }

        return null;
    }

    private InitProcess? Confirm(int pid, ulong ns, int depth)
    {
        if (ProcessFiles.PidNamespace(roots, pid.ToString(CultureInfo.InvariantCulture)) != ns)
        {
            return null;
        }

        return ProcessFiles.StartTime(roots, pid) is { } start ? new InitProcess(pid, start, ns, depth, false) : null;
    }
}
