using System.Buffers;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Rendering;

/// <summary><c>/proc/swaps</c>: the host's header, then one virtual device when the container may swap.</summary>
public static class SwapsRenderer
{
    /// <summary>The host's header line (without its newline), or the kernel's when the host file has none.</summary>
    public static ReadOnlySpan<byte> Header(ReadOnlySpan<byte> hostSwaps) =>
        new LineReader(hostSwaps).TryRead(out var first) && first.StartsWith("Filename"u8)
            ? first : "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority"u8;

    /// <summary>The whole file when the container has no swap to show.</summary>
    public static void RenderHeader(ReadOnlySpan<byte> header, IBufferWriter<byte> output) => output.WriteLine(header);

    /// <param name="header">the host's header line (<see cref="Header"/>)</param>
    public static void Render(ReadOnlySpan<byte> header, ReadOnlySpan<byte> hostMeminfo, MemorySnapshot memory, bool disableSwap, IBufferWriter<byte> output)
    {
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
