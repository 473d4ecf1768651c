using System.Runtime.InteropServices;

namespace Lxcfs.WebhookBench;

/// <summary>Sub-millisecond sleeps (high-resolution timers), which Thread.Sleep cannot express.</summary>
internal static partial class Native
{
    public static void Sleep(TimeSpan duration) => _ = usleep((uint)Math.Clamp(duration.TotalMicroseconds, 1, 1_000_000));

    [LibraryImport("libc", SetLastError = false)]
    private static partial int usleep(uint microseconds);
}
