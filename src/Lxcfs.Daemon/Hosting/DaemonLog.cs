using System.Globalization;

namespace Lxcfs.Daemon.Hosting;

/// <summary>
/// Plain line logging to stderr (the DaemonSet's log). Kept dependency-free: the daemon is a Native AOT
/// binary and logs a few lines per lifetime, plus one per request with <c>-d</c>.
/// </summary>
public static class DaemonLog
{
    private static readonly Lock s_lock = new();

    public static bool DebugEnabled { get; set; }

    public static void Info(string message) => Write("info", message);

    public static void Warn(string message) => Write("warn", message);

    public static void Error(string message) => Write("error", message);

    public static void Debug(string message)
    {
        if (DebugEnabled)
        {
            Write("debug", message);
        }
    }

    private static void Write(string level, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} lxcfs-daemon {level}: {message}");
        lock (s_lock)
        {
            Console.Error.WriteLine(line);
        }
    }
}
