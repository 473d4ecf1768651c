using System.Buffers;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Rendering;

/// <summary>
/// <c>/proc/diskstats</c>: the host's devices, in host order, that the cgroup did I/O on, in the kernel's
/// layout (<c>%4u %7u %s</c> and 17 counters; in-flight and flush counters are 0).
/// </summary>
public static class DiskstatsRenderer
{
    public static void Render(ReadOnlySpan<byte> hostDiskstats, IReadOnlyDictionary<(uint Major, uint Minor), DiskCounters> devices, IBufferWriter<byte> output)
    {
        var lines = new LineReader(hostDiskstats);
        while (lines.TryRead(out var line))
        {
            var rest = line;
            if (!Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out var major) || !Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out var minor))
            {
                continue;
            }

            var name = Ascii.NextToken(ref rest);
            if (major > uint.MaxValue || minor > uint.MaxValue || !devices.TryGetValue(((uint)major, (uint)minor), out var c) || c.IsZero)
            {
                continue;
            }

            output.WriteNumberPadded(major, 4);
            output.WriteByte((byte)' ');
            output.WriteNumberPadded(minor, 7);
            output.WriteByte((byte)' ');
            output.Write(name);
            ReadOnlySpan<ulong> columns =
            [
                c.Reads, c.ReadsMerged, c.ReadSectors, c.ReadTicks, c.Writes, c.WritesMerged, c.WriteSectors, c.WriteTicks,
                0, c.IoTicks, 0, c.Discards, c.DiscardsMerged, c.DiscardSectors, c.DiscardTicks, 0, 0,
            ];
            foreach (var value in columns)
            {
                output.WriteByte((byte)' ');
                output.WriteNumber(value);
            }

            output.WriteByte((byte)'\n');
        }
    }
}
