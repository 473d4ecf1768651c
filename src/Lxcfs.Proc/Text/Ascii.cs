using System.Buffers.Text;

namespace Lxcfs.Proc.Text;

/// <summary>Parsing helpers for the whitespace-separated ASCII of procfs and cgroupfs.</summary>
public static class Ascii
{
    /// <summary>Takes the next token separated by spaces or tabs; empty when none is left.</summary>
    public static ReadOnlySpan<byte> NextToken(ref ReadOnlySpan<byte> rest)
    {
        var start = 0;
        while (start < rest.Length && IsBlank(rest[start]))
        {
            start++;
        }

        var end = start;
        while (end < rest.Length && !IsBlank(rest[end]))
        {
            end++;
        }

        var token = rest[start..end];
        rest = rest[end..];
        return token;
    }

    public static bool TryParseUInt64(ReadOnlySpan<byte> text, out ulong value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;

    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;

    /// <summary>The first line of a one-value file such as <c>memory.max</c>, trimmed.</summary>
    public static ReadOnlySpan<byte> FirstLine(ReadOnlySpan<byte> text)
    {
        var end = text.IndexOf((byte)'\n');
        return (end < 0 ? text : text[..end]).Trim(" \t"u8);
    }

    /// <summary>Finds <c>Key:</c> at the start of a line of <paramref name="text"/> and parses the number after it.</summary>
    public static bool TryFindKeyedValue(ReadOnlySpan<byte> text, ReadOnlySpan<byte> keyWithColon, out ulong value)
    {
        var lines = new LineReader(text);
        while (lines.TryRead(out var line))
        {
            if (line.StartsWith(keyWithColon))
            {
                var rest = line[keyWithColon.Length..];
                return TryParseUInt64(NextToken(ref rest), out value);
            }
        }

        value = 0;
        return false;
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';
}
