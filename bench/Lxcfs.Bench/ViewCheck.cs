using System.Text;

namespace Lxcfs.Bench;

/// <summary>
/// One line saying what this reader is shown (memory and CPUs, by ours and by lxcfs), so a report whose
/// reader was not placed as its heading says shows it: a container's limits, or the host's.
/// </summary>
internal static class ViewCheck
{
    public static string Describe(Options options) =>
        $"view this reader gets: ours {Seen(options.Ours)}; lxcfs {Seen(options.Lxcfs)}";

    private static string Seen(string mount)
    {
        try
        {
            var memTotal = File.ReadLines(Path.Combine(mount, "proc/meminfo")).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var online = File.ReadAllText(Path.Combine(mount, "sys/devices/system/cpu/online")).Trim();
            var memory = memTotal is null ? "?" : string.Join(' ', memTotal.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1));
            return $"MemTotal {memory}, CPUs online {online}";
        }
        catch (IOException e)
        {
            return $"unreadable ({e.Message})";
        }
    }
}
