using System.Buffers;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Cgroups;

/// <summary>The kernel's CPU list format (<c>0-3,8,10-11</c>), as in <c>cpuset.cpus</c> and <c>online</c>.</summary>
public static class CpuList
{
    /// <summary>The CPUs listed, ascending and without duplicates; null when the text is malformed.</summary>
    public static int[]? Parse(ReadOnlySpan<byte> text)
    {
        text = Ascii.FirstLine(text);
        var cpus = new SortedSet<int>();
        foreach (var range in text.Split((byte)','))
        {
            var item = text[range].Trim(" \t"u8);
            if (item.IsEmpty)
            {
                continue;
            }

            var dash = item.IndexOf((byte)'-');
            var firstText = dash < 0 ? item : item[..dash];
            var lastText = dash < 0 ? item : item[(dash + 1)..];
            if (!Ascii.TryParseUInt64(firstText, out var first) || !Ascii.TryParseUInt64(lastText, out var last)
                || last < first || last > 65535)
            {
                return null;
            }

            for (var cpu = (int)first; cpu <= (int)last; cpu++)
            {
                cpus.Add(cpu);
            }
        }

        return [.. cpus];
    }

    /// <summary>Writes ascending <paramref name="ids"/> the way the kernel prints a CPU list (<c>1,3-5</c>), then a newline.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<int> ids)
    {
        for (var i = 0; i < ids.Length;)
        {
            var end = i;
            while (end + 1 < ids.Length && ids[end + 1] == ids[end] + 1)
            {
                end++;
            }

            if (i > 0)
            {
                output.WriteByte((byte)',');
            }

            output.WriteNumber((ulong)ids[i]);
            if (end > i)
            {
                output.WriteByte((byte)'-');
                output.WriteNumber((ulong)ids[end]);
            }

            i = end + 1;
        }

        output.WriteByte((byte)'\n');
    }
}
