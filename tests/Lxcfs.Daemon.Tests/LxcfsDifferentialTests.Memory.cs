namespace Lxcfs.Daemon.Tests;

public sealed partial class LxcfsDifferentialTests
{
    /// <summary>
    /// Normalisation: lines computed from the cgroup's <c>memory.stat</c> and usage may move by 1 MiB
    /// between reads (the reader and its shell allocate); lines copied from the host by max(1 MiB, 10 %)
    /// (builds and tests elsewhere on the host start and stop meanwhile). Everything else must be equal.
    /// </summary>
    private static readonly HashSet<string> s_cgroupMemoryLines = new(StringComparer.Ordinal)
    {
        "MemFree", "Cached", "Active", "Inactive", "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)",
        "Unevictable", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem",
    };

    private static void CompareMeminfo(Report report, Reading reading)
    {
        const string file = "proc/meminfo";
        var ours = TextComparison.LinesOf(reading.Ours);
        var theirs = TextComparison.LinesOf(reading.Theirs);
        var again = TextComparison.LinesOf(reading.TheirsAgain);
        if (ours.Length != theirs.Length || again.Length != theirs.Length)
        {
            TextComparison.Lines(report, file, theirs, ours, again, (_, _, _) => 0);
            return;
        }

        for (var i = 0; i < ours.Length; i++)
        {
            var key = TextComparison.Key(ours[i]);
            if (!AllowedMeminfoLine(report, reading, key, theirs[i]))
            {
                TextComparison.Line(report, file, theirs[i], ours[i], again[i], MemoryTolerance);
            }
        }
    }

    private static double MemoryTolerance(string key, int index, double kB) =>
        s_cgroupMemoryLines.Contains(key) ? 1024 : Math.Max(1024, kB / 10);

    // True when the line is one of the rows of docs/deliberate-differences.md; each row's own claim is checked.
    private static bool AllowedMeminfoLine(Report report, Reading reading, string key, string theirLine)
    {
        const string file = "proc/meminfo";
        var ours = reading.Ours;
        double Ours(string k) => TextComparison.Value(ours, k);
        var theirValue = TextComparison.Split(theirLine).Values[0];
        switch (key)
        {
            case "MemAvailable":
                var expected = Math.Min(Ours("MemTotal"), Ours("MemFree") + Ours("Active(file)") + Ours("Inactive(file)") + Ours("SReclaimable"));
                report.Check(Ours(key) == expected, file, $"MemAvailable {Ours(key)} kB is not min(MemTotal, MemFree + file LRU + SReclaimable) = {expected} kB");
                report.AllowIf(Ours(key) != theirValue, 8, file, "MemAvailable = MemFree + Active(file) + Inactive(file) + SReclaimable (lxcfs: + total_cache)");
                return true;
            case "AnonHugePages":
                report.Check(theirValue == 0, file, $"lxcfs 5.0.3 shows AnonHugePages {theirValue} kB, the doc says its prefix bug keeps it at 0");
                report.AllowIf(Ours(key) != theirValue, 5, file, "AnonHugePages from total_rss_huge (lxcfs: always 0)");
                return true;
            case "SwapCached" or "Slab" or "SReclaimable" or "SUnreclaim":
                report.Check(theirValue == 0, file, $"lxcfs 5.0.3 shows {key} {theirValue} kB, the doc says it is always 0");
                report.AllowIf(Ours(key) != theirValue, 9, file, $"{key} from the cgroup (lxcfs: 0)");
                return true;
            case "SwapTotal" or "SwapFree":
                var hostSwap = TextComparison.Value(File.ReadAllText("/proc/meminfo"), "SwapTotal");
                report.Check(Ours("SwapTotal") <= hostSwap && Ours("SwapFree") <= Ours("SwapTotal"), file, "SwapFree ≤ SwapTotal ≤ the host's swap");
                report.AllowIf(Ours(key) != theirValue, 10, file, $"{key}: the cgroup's swap allowance, capped at the host's swap (lxcfs: RAM+swap limit)");
                return true;
            default:
                return false;
        }
    }

    private static void CompareSwaps(Report report, Reading reading, string oursMeminfo)
    {
        const string file = "proc/swaps";
        var ours = TextComparison.LinesOf(reading.Ours);
        var hostHeader = File.ReadAllLines("/proc/swaps")[0];
        report.Check(ours[0] == hostHeader, file, $"header '{ours[0]}' is not the host's '{hostHeader}'");
        report.Check(TextComparison.LinesOf(reading.Theirs)[0] == "Filename\t\t\t\tType\t\tSize\tUsed\tPriority", file, "lxcfs's own header changed");
        var swapTotal = TextComparison.Value(oursMeminfo, "SwapTotal");
        report.Check(ours.Length == (swapTotal > 0 ? 2 : 1), file, $"{ours.Length - 1} entries while meminfo's SwapTotal is {swapTotal} kB");
        if (ours.Length == 2)
        {
            var size = TextComparison.Split(ours[1]).Values[0];
            report.Check(size == swapTotal, file, $"Size {size} is not meminfo's SwapTotal {swapTotal}");
        }

        report.AllowIf(reading.Ours != reading.Theirs, 13, file, "the host's header and the kernel's layout; Size/Used = meminfo's SwapTotal/SwapTotal − SwapFree");
    }
}
