using System.Text;
using Lxcfs.Buffers;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Loadavg;
using Lxcfs.Proc.Rendering;

namespace Lxcfs.Proc.Views;

/// <summary>
/// <see cref="ViewState"/> as bytes, little-endian: magic "VIEWST01"; u32 count and per cgroup (string
/// path, string mount point, u8 unified, i32 pid-namespace depth, three u64 fixed-point averages); u32
/// count and per container (string key, u32 CPUs, ten u64 columns each). Strings are u16 length and UTF-8.
/// Decoding throws <see cref="InvalidDataException"/> on anything else, and never allocates more than it was given.
/// </summary>
public static class ViewStateCodec
{
    private const int CpuColumns = 10;

    private static ReadOnlySpan<byte> Magic => "VIEWST01"u8;

    public static byte[] Encode(ViewState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(Magic);
        writer.Write(state.Loadavg.Count);
        foreach (var history in state.Loadavg)
        {
            WriteString(writer, history.Cgroup.Path);
            WriteString(writer, history.Cgroup.MountPoint);
            writer.Write(history.Cgroup.IsUnified ? (byte)1 : (byte)0);
            writer.Write(history.NamespaceDepth);
            writer.Write(history.Average.One);
            writer.Write(history.Average.Five);
            writer.Write(history.Average.Fifteen);
        }

        writer.Write(state.ShownCpuTimes.Count);
        foreach (var (key, times) in state.ShownCpuTimes)
        {
            WriteString(writer, key);
            writer.Write(times.Length);
            foreach (var t in times)
            {
                foreach (var column in new[] { t.User, t.Nice, t.System, t.Idle, t.Iowait, t.Irq, t.Softirq, t.Steal, t.Guest, t.GuestNice })
                {
                    writer.Write(column);
                }
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    public static ViewState Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return ViewState.Empty; // the first release sent none
        }

        var reader = new ByteCursor(bytes);
        if (!reader.Take(Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("the view state is in a format this version does not read");
        }

        var loadavg = new List<LoadavgHistory>();
        for (var n = reader.Count(2 + 2 + 1 + 4 + 24); n > 0; n--)
        {
            var cgroup = new CgroupDirectory(reader.Text(), reader.Text(), reader.Byte() != 0);
            var depth = reader.I32();
            loadavg.Add(new LoadavgHistory(cgroup, depth, new LoadAverage(reader.U64(), reader.U64(), reader.U64())));
        }

        var shown = new List<KeyValuePair<string, CpuTimes[]>>();
        for (var n = reader.Count(2 + 4); n > 0; n--)
        {
            var key = reader.Text();
            var times = new CpuTimes[reader.Count(CpuColumns * 8)];
            for (var i = 0; i < times.Length; i++)
            {
                times[i] = new CpuTimes(reader.U64(), reader.U64(), reader.U64(), reader.U64(), reader.U64(), reader.U64(), reader.U64(), reader.U64(), reader.U64(), reader.U64());
            }

            shown.Add(KeyValuePair.Create(key, times));
        }

        return reader.AtEnd ? new ViewState(loadavg, shown) : throw new InvalidDataException("the view state has bytes past its end");
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write(checked((ushort)bytes.Length));
        writer.Write(bytes);
    }
}
