using System.Globalization;
using Lxcfs.Interop;
using Lxcfs.Proc.IO;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Containers;

/// <summary>Parsers for the <c>/proc/&lt;pid&gt;</c> files caller resolution needs. Null means "process gone".</summary>
public static class ProcessFiles
{
    /// <summary>The inode of <c>/proc/&lt;pid&gt;/ns/pid</c>, from its link text <c>pid:[4026531836]</c>.</summary>
    public static ulong? PidNamespace(HostRoots roots, string pid) => PidNamespace(roots, pid.AsSpan());

    /// <inheritdoc cref="PidNamespace(HostRoots, string)"/>
    public static ulong? PidNamespace(HostRoots roots, int pid)
    {
        Span<char> digits = stackalloc char[11];
        return pid.TryFormat(digits, out var length, provider: CultureInfo.InvariantCulture) ? PidNamespace(roots, digits[..length]) : null;
    }

    // Every read asks this of its caller: the path and the link text stay on the stack.
    private static unsafe ulong? PidNamespace(HostRoots roots, ReadOnlySpan<char> pid)
    {
        Span<byte> path = stackalloc byte[512];
        var written = 0;
        if (!TryAppend(path, ref written, roots.Proc) || !TryAppend(path, ref written, "/") || !TryAppend(path, ref written, pid)
            || !TryAppend(path, ref written, "/ns/pid\0"))
        {
            return null;
        }

        Span<byte> target = stackalloc byte[64];
        nint length;
        fixed (byte* p = path)
        fixed (byte* t = target)
        {
            length = Libc.ReadLink(p, t, (nuint)target.Length);
        }

        if (length <= 6 || length >= target.Length)
        {
            return null;
        }

        var text = target[..(int)length];
        return text.StartsWith("pid:["u8) && text[^1] == (byte)']' && Ascii.TryParseUInt64(text[5..^1], out var inode) ? inode : null;
    }

    private static bool TryAppend(Span<byte> buffer, ref int written, ReadOnlySpan<char> text)
    {
        if (!System.Text.Encoding.UTF8.TryGetBytes(text, buffer[written..], out var count))
        {
            return false;
        }

        written += count;
        return true;
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
