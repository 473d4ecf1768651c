using System.Buffers;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Rendering;

/// <summary>
/// <c>/proc/stat</c>: an aggregate <c>cpu</c> line and one <c>cpuN</c> line per visible CPU under its own id
/// (as in cpuinfo and online), then every non-cpu host line unchanged.
/// </summary>
public static class StatRenderer
{
    /// <param name="ids">the visible CPUs' ids, one per entry of <paramref name="cpus"/></param>
    public static void Render(ReadOnlySpan<byte> hostStat, ReadOnlySpan<int> ids, ReadOnlySpan<CpuTimes> cpus, IBufferWriter<byte> output)
    {
        if (ids.Length != cpus.Length)
        {
            throw new ArgumentException($"{cpus.Length} cpu lines for {ids.Length} ids", nameof(cpus));
        }

        var sum = default(CpuTimes);
        foreach (var cpu in cpus)
        {
            sum = sum.Plus(cpu);
        }

        WriteCpuLine(output, "cpu "u8, -1, sum);
        for (var i = 0; i < cpus.Length; i++)
        {
            WriteCpuLine(output, "cpu"u8, ids[i], cpus[i]);
        }

        // The kernel prints every cpu line first: the rest is copied as one block, unless a cpu line
        // follows another (never seen), when the lines are filtered one by one.
        var rest = AfterLeadingCpuLines(hostStat);
        if (rest.IndexOf("\ncpu"u8) < 0)
        {
            output.Write(rest);
            if (rest.Length > 0 && rest[^1] != (byte)'\n')
            {
                output.WriteByte((byte)'\n');
            }

            return;
        }

        var lines = new LineReader(rest);
        while (lines.TryRead(out var line))
        {
            if (!line.StartsWith("cpu"u8))
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>The host's own <c>cpuN</c> lines of the visible CPUs (used when the cgroup has no CPU accounting).</summary>
    public static CpuTimes[] HostCpuTimes(ReadOnlySpan<byte> hostStat, ReadOnlySpan<int> visible)
    {
        var times = new CpuTimes[visible.Length];
        Span<ulong> f = stackalloc ulong[10];
        var lines = new LineReader(hostStat);
        while (lines.TryRead(out var line))
        {
            var rest = line;
            var name = Ascii.NextToken(ref rest);
            if (name.Length <= 3 || !name.StartsWith("cpu"u8) || !Ascii.TryParseUInt64(name[3..], out var cpu)
                || visible.IndexOf((int)cpu) is var index && index < 0)
            {
                continue;
            }

            for (var i = 0; i < 10; i++)
            {
                _ = Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out f[i]);
            }

            times[index] = new CpuTimes(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]);
        }

        return times;
    }

    private static ReadOnlySpan<byte> AfterLeadingCpuLines(ReadOnlySpan<byte> stat)
    {
        while (stat.StartsWith("cpu"u8))
        {
            var end = stat.IndexOf((byte)'\n');
            if (end < 0)
            {
                return default;
            }

            stat = stat[(end + 1)..];
        }

        return stat;
    }

    // One line formatted in place: a name, the CPU's id (none when negative) and the ten columns.
    private static void WriteCpuLine(IBufferWriter<byte> output, ReadOnlySpan<byte> name, int id, in CpuTimes t)
    {
        ReadOnlySpan<ulong> columns = [t.User, t.Nice, t.System, t.Idle, t.Iowait, t.Irq, t.Softirq, t.Steal, t.Guest, t.GuestNice];
        var span = output.GetSpan(name.Length + 11 + (columns.Length * 21) + 1);
        name.CopyTo(span);
        var at = name.Length;
        if (id >= 0)
        {
            _ = System.Buffers.Text.Utf8Formatter.TryFormat(id, span[at..], out var written);
            at += written;
        }

        foreach (var value in columns)
        {
            span[at++] = (byte)' ';
            _ = System.Buffers.Text.Utf8Formatter.TryFormat(value, span[at..], out var written);
            at += written;
        }

        span[at++] = (byte)'\n';
        output.Advance(at);
    }
}
