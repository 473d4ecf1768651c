using System.Globalization;

namespace Lxcfs.Daemon.Healing;

/// <summary>A process chosen to stand for its mount namespace.</summary>
/// <param name="Pid">the lowest pid seen in the namespace (a container's init, usually)</param>
/// <param name="Inode">the namespace's inode, as in <c>/proc/&lt;pid&gt;/ns/mnt -> mnt:[inode]</c></param>
public sealed record NamespaceProcess(int Pid, ulong Inode);

/// <summary>Finds one process per mount namespace on the host, skipping the caller's own namespace.</summary>
public static class MountNamespaces
{
    /// <summary>One process per namespace other than <paramref name="own"/>, lowest pid first: pure.</summary>
    public static IReadOnlyList<NamespaceProcess> Distinct(IEnumerable<NamespaceProcess> processes, ulong own)
    {
        ArgumentNullException.ThrowIfNull(processes);
        return [.. processes.Where(p => p.Inode != own).OrderBy(p => p.Pid).DistinctBy(p => p.Inode)];
    }

    /// <summary>Every mount namespace of the running processes but the caller's.</summary>
    public static IReadOnlyList<NamespaceProcess> Scan()
    {
        var own = Inode("/proc/self/ns/mnt") ?? 0;
        var processes = new List<NamespaceProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Inode($"{directory}/ns/mnt") is { } inode)
            {
                processes.Add(new NamespaceProcess(pid, inode));
            }
        }

        return Distinct(processes, own);
    }

    /// <summary>The inode a namespace link names (<c>mnt:[4026531841]</c>), or null when the process is gone or hidden.</summary>
    public static ulong? Inode(string namespaceLink)
    {
        string? target;
        try
        {
            target = new FileInfo(namespaceLink).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return ParseLink(target);
    }

    /// <summary>Parses <c>mnt:[N]</c>; null for anything else.</summary>
    public static ulong? ParseLink(string? target)
    {
        const string Prefix = "mnt:[";
        if (target is null || !target.StartsWith(Prefix, StringComparison.Ordinal) || !target.EndsWith(']'))
        {
            return null;
        }

        return ulong.TryParse(target.AsSpan(Prefix.Length, target.Length - Prefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var inode) ? inode : null;
    }
}
