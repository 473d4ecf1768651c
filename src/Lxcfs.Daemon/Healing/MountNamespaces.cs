using System.Globalization;

namespace Lxcfs.Daemon.Healing;

/// <summary>A process chosen to stand for its mount namespace.</summary>
/// <param name="Pid">the process</param>
/// <param name="Inode">the namespace's inode, as in <c>/proc/&lt;pid&gt;/ns/mnt -> mnt:[inode]</c></param>
/// <param name="StartTime">when it started, in clock ticks since boot (field 22 of <c>/proc/&lt;pid&gt;/stat</c>)</param>
public sealed record NamespaceProcess(int Pid, ulong Inode, ulong StartTime);

/// <summary>Finds one process per mount namespace on the host, skipping the caller's own namespace.</summary>
public static class MountNamespaces
{
    /// <summary>
    /// The oldest process of each namespace other than <paramref name="own"/>, in pid order: pure. The
    /// oldest is the container's init, which lives as long as the container; the lowest pid is not a
    /// safe choice, since after pid wrap-around it can be a short-lived child that is gone a moment later.
    /// </summary>
    public static IReadOnlyList<NamespaceProcess> Distinct(IEnumerable<NamespaceProcess> processes, ulong own)
    {
        ArgumentNullException.ThrowIfNull(processes);
        return [.. processes.Where(p => p.Inode != own).OrderBy(p => p.StartTime).ThenBy(p => p.Pid).DistinctBy(p => p.Inode).OrderBy(p => p.Pid)];
    }

    /// <summary>Every mount namespace of the running processes but the caller's.</summary>
    public static IReadOnlyList<NamespaceProcess> Scan()
    {
        var own = Inode("/proc/self/ns/mnt") ?? 0;
        var processes = new List<NamespaceProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Inode($"{directory}/ns/mnt") is { } inode && StartTime(directory) is { } started)
            {
                processes.Add(new NamespaceProcess(pid, inode, started));
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

    /// <summary>Field 22 of <c>/proc/&lt;pid&gt;/stat</c>, or null when the process is gone.</summary>
    public static ulong? StartTime(string processDirectory)
    {
        try
        {
            return ParseStartTime(File.ReadAllText($"{processDirectory}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Field 22 of a stat line; the command name (field 2) may hold spaces and parentheses, so fields count from its last ')'.</summary>
    public static ulong? ParseStartTime(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
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
