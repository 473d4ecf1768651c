using System.Buffers;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Rendering;

/// <summary>
/// <c>/proc/uptime</c>: seconds since the container's init started, and idle seconds summed over the
/// visible CPUs (like the kernel's column): visible × age − CPU time used, not below 0.
/// </summary>
public static class UptimeRenderer
{
    public const double TicksPerSecond = 100; // USER_HZ

    /// <summary>Seconds since the init started, from the host uptime (first field of <c>/proc/uptime</c>).</summary>
    public static double AgeSeconds(double hostUptimeSeconds, ulong initStartTicks) =>
        Math.Max(0, hostUptimeSeconds - (initStartTicks / TicksPerSecond));

    public static bool TryParseHostUptime(ReadOnlySpan<byte> hostUptime, out double seconds)
    {
        var rest = hostUptime;
        return System.Buffers.Text.Utf8Parser.TryParse(Ascii.NextToken(ref rest), out seconds, out _);
    }

    public static void Render(double ageSeconds, int visibleCpus, double busySeconds, IBufferWriter<byte> output)
    {
        output.WriteFixed2(ageSeconds);
        output.WriteByte((byte)' ');
        output.WriteFixed2(Math.Max(0, (visibleCpus * ageSeconds) - busySeconds));
        output.WriteByte((byte)'\n');
    }
}
