using System.Collections.Concurrent;

namespace Lxcfs.Proc.Containers;

/// <summary>
/// Callers that read again. A process seen twice in the same pid namespace is pinned with a pidfd, and
/// while it lives its namespace is known without reading <c>/proc/PID/ns/pid</c>: a process never changes
/// its own pid namespace, and a live member keeps the namespace alive, so its number cannot meanwhile
/// come to mean another one. A one-shot reader (<c>cat</c>, a probe) costs only its pid remembered once.
/// </summary>
internal sealed class RepeatCallers(HostRoots roots, Func<int, PidFd?> openPidFd)
{
    private const int MaxPinned = 1024;
    private const int MaxSeenOnce = 4096;

    private readonly ConcurrentDictionary<int, Pinned> _pinned = new();
    private readonly ConcurrentDictionary<int, ulong> _seenOnce = new();

    public int PinnedCount => _pinned.Count;

    /// <summary>The pid namespace of <paramref name="pid"/> when it is a pinned caller still alive; null otherwise.</summary>
    public ulong? NamespaceOf(int pid)
    {
        if (!_pinned.TryGetValue(pid, out var pinned))
        {
            return null;
        }

        if (pinned.PidFd.IsAlive)
        {
            return pinned.Namespace;
        }

        Drop(pid, pinned);
        return null;
    }

    /// <summary>Notes that <paramref name="pid"/> was just read to be in <paramref name="ns"/>; the second time, pins it.</summary>
    public void Saw(int pid, ulong ns)
    {
        if (!_seenOnce.TryRemove(new KeyValuePair<int, ulong>(pid, ns)))
        {
            if (_seenOnce.Count >= MaxSeenOnce)
            {
                _seenOnce.Clear();
            }

            _seenOnce[pid] = ns;
            return;
        }

        if (_pinned.Count >= MaxPinned || openPidFd(pid) is not { } pidFd)
        {
            return;
        }

        // The pidfd names one process; the namespace read after it and checked alive after that is that process's.
        if (ProcessFiles.PidNamespace(roots, pid) != ns || !pidFd.IsAlive || !_pinned.TryAdd(pid, new Pinned(pidFd, ns)))
        {
            pidFd.Dispose();
        }
    }

    /// <summary>Closes the pidfds of callers that exited.</summary>
    public void Sweep()
    {
        foreach (var (pid, pinned) in _pinned)
        {
            if (!pinned.PidFd.IsAlive)
            {
                Drop(pid, pinned);
            }
        }
    }

    private void Drop(int pid, Pinned pinned)
    {
        if (_pinned.TryRemove(new KeyValuePair<int, Pinned>(pid, pinned)))
        {
            pinned.PidFd.Dispose();
        }
    }

    private sealed record Pinned(PidFd PidFd, ulong Namespace);
}
