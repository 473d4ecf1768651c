using Lxcfs.Interop;
using Lxcfs.Proc.IO;
using Lxcfs.Proc.Rendering;

namespace Lxcfs.Proc.Views;

/// <summary>
/// The host's uptime in seconds, the first number of <c>/proc/uptime</c>. On the real host that number is
/// <c>CLOCK_BOOTTIME</c>, which the vDSO answers without a syscall, where the file costs a pread each read;
/// fixture trees are read.
/// </summary>
internal static class HostUptime
{
    public static unsafe double Seconds(HostRoots roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var time = stackalloc long[2];
        if (ReferenceEquals(roots, HostRoots.Real) && Libc.ClockGetTime(Libc.CLOCK_BOOTTIME, time) == 0)
        {
            return time[0] + (time[1] / 1e9);
        }

        using var uptime = HostFile.Read(roots.HostPath(ViewFile.ProcUptime));
        return UptimeRenderer.TryParseHostUptime(uptime.WrittenSpan, out var seconds)
            ? seconds
            : throw new InvalidDataException(roots.HostPath(ViewFile.ProcUptime) + ": host uptime unreadable");
    }
}
