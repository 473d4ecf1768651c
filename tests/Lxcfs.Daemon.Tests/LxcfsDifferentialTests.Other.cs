using System.Globalization;

namespace Lxcfs.Daemon.Tests;

public sealed partial class LxcfsDifferentialTests
{
    /// <summary>
    /// The averages may differ by one 5-second step (the two samplers tick at different moments): 0.25 for
    /// the 1-minute value, 0.1 for the others. The census is rows 27 and 28.
    /// </summary>
    private static void CompareLoadavg(Report report, Reading reading, int containerTasks)
    {
        const string file = "proc/loadavg";
        var ours = reading.Ours.Trim().Split(' ');
        var theirs = reading.Theirs.Trim().Split(' ');
        var again = reading.TheirsAgain.Trim().Split(' ');
        TextComparison.Line(report, file, string.Join(' ', theirs[..3]), string.Join(' ', ours[..3]), string.Join(' ', again[..3]),
            (_, index, _) => index == 0 ? 0.25 : 0.1);

        report.Check(theirs[3] == "0/1", file, $"lxcfs's first read shows '{theirs[3]}', the doc says 0/1");
        report.AllowIf(ours[3] != theirs[3], 27, file, $"first read '{ours[3]}' is a census taken at once (lxcfs: 0/1 and its init's host pid {theirs[4]})");

        var census = ours[3].Split('/').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        report.Check(census[1] == containerTasks && census[0] <= census[1], file, $"census {ours[3]}, the container has {containerTasks} tasks");
        report.Check(ours[4] == containerTasks.ToString(CultureInfo.InvariantCulture), file, $"last pid {ours[4]}, the container's highest pid is {containerTasks}");
        report.AllowIf(ours[4] != theirs[4], 28, file, $"last pid {ours[4]} as the container numbers it, only its own tasks (lxcfs: host pid {theirs[4]})");
    }

    /// <summary>
    /// The container is in the root blkio cgroup, so both serve the host's file (lxcfs for want of CFQ files,
    /// this daemon because a root cgroup is the host, row 3). Counters are monotonic and must fall inside the
    /// bracket exactly; the in-flight count (11th value) is instantaneous (± 64).
    /// </summary>
    private static void CompareDiskstats(Report report, Reading reading) =>
        TextComparison.Lines(report, "proc/diskstats", TextComparison.LinesOf(reading.Theirs), TextComparison.LinesOf(reading.Ours),
            TextComparison.LinesOf(reading.TheirsAgain), (_, index, _) => index == 10 ? 64 : 0);
}
