using System.Buffers;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Rendering;

/// <summary>
/// <c>/proc/cpuinfo</c>: the host blocks of the visible CPUs, under their own ids (what
/// <c>sched_getaffinity</c> and <c>taskset</c> take; LXCFS renumbers them from 0). Every line is copied as it is.
/// </summary>
public static class CpuinfoRenderer
{
    /// <summary>False when the host file has no <c>processor : N</c> lines (s390x layout): serve the host file.</summary>
    public static bool CanRender(ReadOnlySpan<byte> hostCpuinfo)
    {
        var lines = new LineReader(hostCpuinfo);
        while (lines.TryRead(out var line))
        {
            if (TryParseProcessor(line, out _))
            {
                return true;
            }
        }

        return false;
    }

    public static void Render(ReadOnlySpan<byte> hostCpuinfo, ReadOnlySpan<int> visible, IBufferWriter<byte> output)
    {
        var printing = false;
        var lines = new LineReader(hostCpuinfo);
        while (lines.TryRead(out var line))
        {
            if (TryParseProcessor(line, out var cpu))
            {
                printing = visible.Contains(cpu);
            }

            if (printing)
            {
                output.WriteLine(line);
            }
        }
    }

    // "processor<blanks>: <n>"
    private static bool TryParseProcessor(ReadOnlySpan<byte> line, out int cpu)
    {
        cpu = -1;
        if (!line.StartsWith("processor"u8))
        {
            return false;
        }

        var rest = line["processor"u8.Length..].TrimStart(" \t"u8);
        if (rest.IsEmpty || rest[0] != (byte)':')
        {
            return false;
        }

        rest = rest[1..].Trim(" \t"u8);
        if (!Ascii.TryParseUInt64(rest, out var n) || n > int.MaxValue)
        {
            return false;
        }

        cpu = (int)n;
        return true;
    }
}
