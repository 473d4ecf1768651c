using System.Buffers;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Rendering;

/// <summary><c>/proc/swaps</c>: the host's header, then one virtual device when the container may swap.</summary>
public static class SwapsRenderer
{
    public static void Render(ReadOnlySpan<byte> hostSwaps, ReadOnlySpan<byte> hostMeminfo, MemorySnapshot memory, bool disableSwap, IBufferWriter<byte> output)
    {
        var header = new LineReader(hostSwaps).TryRead(out var first) && first.StartsWith("Filename"u8)
            ? first : "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority"u8;
        output.WriteLine(header);
        var (total, free) = MeminfoValues.SwapKb(hostMeminfo, memory, disableSwap);
        if (total == 0)
        {
            return;
        }

        // The kernel's layout (mm/swapfile.c): Size and Used get a second tab below 10^7 kB. Old headers mean lxcfs's layout.
        var wide = header.IndexOf("\t\tUsed"u8) >= 0;
        var used = total - free;
        output.WritePaddedRight("none"u8, 40);
        output.Write(wide ? "virtual\t"u8 : "virtual\t\t"u8);
        output.WriteNumber(total);
        output.Write(wide && total < 10_000_000 ? "\t\t"u8 : "\t"u8);
        output.WriteNumber(used);
        output.Write(wide && used < 10_000_000 ? "\t\t"u8 : "\t"u8);
        output.Write("0\n"u8);
    }
}
