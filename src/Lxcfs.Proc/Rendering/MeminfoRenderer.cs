using System.Buffers;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Rendering;

/// <summary>
/// <c>/proc/meminfo</c> for a container: the host file with the cgroup's figures substituted line by
/// line (kernel layout: label padded to 16 columns, value to 8, " kB"). Unknown lines are the host's.
/// </summary>
public static class MeminfoRenderer
{
    public static void Render(ReadOnlySpan<byte> hostMeminfo, MemorySnapshot memory, bool disableSwap, IBufferWriter<byte> output)
    {
        var values = MeminfoValues.Compute(hostMeminfo, memory, disableSwap);
        var lines = new LineReader(hostMeminfo);
        while (lines.TryRead(out var line))
        {
            var colon = line.IndexOf((byte)':');
            if (colon > 0 && values.TryGet(line[..colon], out var kb))
            {
                output.WritePaddedRight(line[..(colon + 1)], 16);
                output.WriteNumberPadded(kb, 8);
                output.Write(" kB\n"u8);
            }
            else
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>Host <c>Key:</c> value in kB, 0 when absent.</summary>
    public static ulong HostKb(ReadOnlySpan<byte> hostMeminfo, ReadOnlySpan<byte> keyWithColon) =>
        Ascii.TryFindKeyedValue(hostMeminfo, keyWithColon, out var kb) ? kb : 0;
}
