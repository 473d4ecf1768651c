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

        // Written into one span, asked for again only if a line may not fit: a line grows by at most the
        // label's padding, the number's 20 digits and the unit.
        const int LineGrowth = 16 + 20 + 4;
        var span = output.GetSpan(hostMeminfo.Length + LineGrowth);
        var written = 0;
        var lines = new LineReader(hostMeminfo);
        while (lines.TryRead(out var line))
        {
            if (span.Length - written < line.Length + LineGrowth)
            {
                output.Advance(written);
                span = output.GetSpan(line.Length + LineGrowth + hostMeminfo.Length);
                written = 0;
            }

            var colon = line.IndexOf((byte)':');
            if (colon > 0 && values.TryGet(line[..colon], out var kb))
            {
                written += WriteLine(span[written..], line[..(colon + 1)], kb);
            }
            else
            {
                line.CopyTo(span[written..]);
                span[written + line.Length] = (byte)'\n';
                written += line.Length + 1;
            }
        }

        output.Advance(written);
    }

    /// <summary>Host <c>Key:</c> value in kB, 0 when absent.</summary>
    public static ulong HostKb(ReadOnlySpan<byte> hostMeminfo, ReadOnlySpan<byte> keyWithColon) =>
        Ascii.TryFindKeyedValue(hostMeminfo, keyWithColon, out var kb) ? kb : 0;

    // The kernel's layout: the label left-aligned in 16 columns, the number right-aligned in 8, " kB".
    private static int WriteLine(Span<byte> destination, ReadOnlySpan<byte> label, ulong kb)
    {
        var at = Utf8Output.FormatPaddedRight(destination, label, 16);
        at += Utf8Output.FormatNumberPadded(destination[at..], kb, 8);
        " kB\n"u8.CopyTo(destination[at..]);
        return at + 4;
    }
}
