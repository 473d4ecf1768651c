using Lxcfs.Proc.IO;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Containers;

/// <summary>Parsers for the <c>/proc/&lt;pid&gt;</c> files caller resolution needs. Null means "process gone".</summary>
public static class ProcessFiles
{
    /// <summary>The inode of <c>/proc/&lt;pid&gt;/ns/pid</c>, from its link text <c>pid:[4026531836]</c>.</summary>
    public static ulong? PidNamespace(HostRoots roots, string pid)
    {
        string? target;
        try
        {
            target = new FileInfo(roots.Proc + "/" + pid + "/ns/pid").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        if (target is null || !target.StartsWith("pid:[", StringComparison.Ordinal) || !target.EndsWith(']'))
        {
            return null;
        }

        return ulong.TryParse(target.AsSpan(5, target.Length - 6), out var inode) ? inode : null;
    }

    /// <summary>Field 22 of <c>/proc/&lt;pid&gt;/stat</c>: start time in clock ticks after boot.</summary>
    public static ulong? StartTime(HostRoots roots, int pid)
    {
        using var text = HostFile.TryRead(roots.PidFile(pid, "stat"));
        return text is null ? null : ParseStartTime(text.WrittenSpan);
    }

    public static ulong? ParseStartTime(ReadOnlySpan<byte> stat)
    {
        // comm may contain spaces and parentheses; fields restart after the last ')'.
        var close = stat.LastIndexOf((byte)')');
        if (close < 0)
        {
            return null;
        }

        var rest = stat[(close + 1)..];
        for (var field = 3; field < 22; field++)
        {
            if (Ascii.NextToken(ref rest).IsEmpty)
            {
                return null;
            }
        }

        return Ascii.TryParseUInt64(Ascii.NextToken(ref rest).TrimEnd("\n"u8), out var start) ? start : null;
    }

    /// <summary>The <c>PPid:</c> and <c>NSpid:</c> lines of <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public static ProcessStatus? Status(HostRoots roots, string pid)
    {
        using var text = HostFile.TryRead(roots.Proc + "/" + pid + "/status");
        return text is null ? null : ProcessStatus.Parse(text.WrittenSpan);
    }
}
