using System.Globalization;

namespace Lxcfs.Daemon.Tests;

public sealed partial class LxcfsDifferentialTests
{
    private const string QuotaRow14 = "the quota is the minimum over the cgroup and its ancestors (lxcfs 5.0.3: the container's own cgroup only)";
    private const string IdsRow15 = "CPUs keep their own ids (lxcfs renumbers them from 0)";

    private static bool Renumbered(ContainerShape shape) => !shape.ExpectedIds.SequenceEqual(Enumerable.Range(0, shape.ExpectedCpus));

    // Our cpuinfo with its processor lines numbered from 0, as lxcfs numbers them (what row 15 makes of it).
    private static string NumberedFromZero(string cpuinfo, ContainerShape shape)
    {
        var index = 0;
        return string.Join('\n', cpuinfo.Split('\n').Select(l => l.StartsWith("processor\t: ", StringComparison.Ordinal) && shape.ExpectedIds.Contains(int.Parse(l["processor\t: ".Length..], CultureInfo.InvariantCulture))
            ? $"processor\t: {index++}" : l));
    }

    /// <summary>Normalisation: <c>cpu MHz</c> may move by 5 % between reads (frequency scaling); the rest is equal.</summary>
    private static void CompareCpuinfo(Report report, Reading reading, ContainerShape shape)
    {
        const string file = "proc/cpuinfo";
        var lxcfsProcessors = reading.Theirs.Split('\n').Count(l => l.StartsWith("processor\t:", StringComparison.Ordinal));
        report.Check(lxcfsProcessors == shape.Lxcfs503Cpus, file, $"lxcfs shows {lxcfsProcessors} processors, the doc says {shape.Lxcfs503Cpus}");
        var row14 = shape.Lxcfs503Cpus != shape.ExpectedCpus;
        var theirs = row14 ? FirstProcessors(reading.Theirs, shape.ExpectedCpus) : reading.Theirs;
        var again = row14 ? FirstProcessors(reading.TheirsAgain, shape.ExpectedCpus) : reading.TheirsAgain;
        report.AllowIf(row14, 14, file, $"{shape.ExpectedCpus} processors, lxcfs {shape.Lxcfs503Cpus}: " + QuotaRow14);
        report.AllowIf(Renumbered(shape), 15, file, $"processors {string.Join(',', shape.ExpectedIds)}: " + IdsRow15);
        var ours = Renumbered(shape) ? NumberedFromZero(reading.Ours, shape) : reading.Ours;
        TextComparison.Lines(report, file, TextComparison.LinesOf(theirs), TextComparison.LinesOf(ours), TextComparison.LinesOf(again),
            (key, _, value) => key == "cpu MHz" ? value / 20 : 0);
    }

    // lxcfs's cpuinfo cut after the first n processors (what row 14 makes of it).
    private static string FirstProcessors(string cpuinfo, int n)
    {
        var start = 0;
        for (var i = 0; i <= n; i++)
        {
            var next = cpuinfo.IndexOf("processor\t:", start, StringComparison.Ordinal);
            if (next < 0)
            {
                return cpuinfo;
            }

            start = i == n ? next : next + 1;
        }

        return cpuinfo[..start];
    }

    private static void CompareOnline(Report report, Reading reading, ContainerShape shape)
    {
        const string file = "sys/devices/system/cpu/online";
        report.Check(reading.Ours == shape.ExpectedOnline, file, $"'{reading.Ours.Trim()}', expected '{shape.ExpectedOnline.Trim()}'");
        var lxcfsExpected = shape.Lxcfs503Cpus == 1 ? "0\n" : $"0-{shape.Lxcfs503Cpus - 1}\n";
        report.Check(reading.Theirs == lxcfsExpected && reading.TheirsAgain == lxcfsExpected, file, $"lxcfs shows '{reading.Theirs.Trim()}', the doc says '{lxcfsExpected.Trim()}'");
        report.AllowIf(shape.ExpectedCpus != shape.Lxcfs503Cpus, 14, file, $"'{reading.Ours.Trim()}', lxcfs '{reading.Theirs.Trim()}': " + QuotaRow14);
        report.AllowIf(Renumbered(shape), 15, file, $"'{reading.Ours.Trim()}', lxcfs '{reading.Theirs.Trim()}': " + IdsRow15);
        report.Check(reading.Ours == reading.Theirs || shape.ExpectedCpus != shape.Lxcfs503Cpus || Renumbered(shape), file, $"'{reading.Ours.Trim()}', lxcfs '{reading.Theirs.Trim()}' with no row to explain it");
    }

    /// <summary>lxcfs serves the host's possible, present and offline (row 30); ours list the container's CPUs, of which none is off-line.</summary>
    private static void CompareCpuList(Report report, Reading reading, ContainerShape shape)
    {
        var file = reading.File;
        var expected = file.EndsWith("/offline", StringComparison.Ordinal) ? "\n" : shape.ExpectedOnline;
        report.Check(reading.Ours == expected, file, $"'{reading.Ours.Trim()}', expected '{expected.Trim()}'");
        var host = File.ReadAllText("/" + file);
        report.Check(reading.Theirs == host && reading.TheirsAgain == host, file, $"lxcfs shows '{reading.Theirs.Trim()}', the host's is '{host.Trim()}'");
        report.AllowIf(reading.Ours != reading.Theirs, 30, file, $"'{reading.Ours.Trim()}', lxcfs the host's '{reading.Theirs.Trim()}'");
    }

    /// <summary>
    /// Per-CPU lines (row 16) are checked for their names (row 14), their shape and their consistency with
    /// ours' own uptime. Other lines are the host's: monotonic counters must fall inside the lxcfs bracket
    /// exactly; <c>procs_running</c>/<c>procs_blocked</c> are instantaneous (± 16), <c>btime</c> ± 1 s.
    /// </summary>
    private static void CompareStat(Report report, Reading reading, ContainerShape shape, (double Min, double Max) oursAgeSeconds)
    {
        const string file = "proc/stat";
        static bool IsCpu(string l) => l.StartsWith("cpu", StringComparison.Ordinal);
        var ours = TextComparison.LinesOf(reading.Ours);
        var theirs = TextComparison.LinesOf(reading.Theirs);
        var ourCpus = ours.Where(IsCpu).ToArray();
        var theirCpus = theirs.Where(IsCpu).ToArray();
        report.Check(ourCpus.Select(Name).SequenceEqual(["cpu", .. shape.ExpectedIds.Select(i => $"cpu{i}")]), file, "cpu lines: " + string.Join(',', ourCpus.Select(Name)));
        report.AllowIf(Renumbered(shape), 15, file, $"cpu lines {string.Join(',', ourCpus.Skip(1).Select(Name))}: " + IdsRow15);
        report.Check(theirCpus.Length == shape.Lxcfs503Cpus + 1, file, $"lxcfs shows {theirCpus.Length - 1} cpuN lines, the doc says {shape.Lxcfs503Cpus}");
        report.AllowIf(theirCpus.Length != ourCpus.Length, 14, file, $"{ourCpus.Length - 1} cpuN lines, lxcfs {theirCpus.Length - 1}: " + QuotaRow14);
        report.Check(theirCpus.All(l => TextComparison.Split(l).Values.All(v => v == 0)), file, "lxcfs's first cpuview read is not all zeros:\n" + string.Join('\n', theirCpus));
        CheckOurCpuTimes(report, ourCpus, oursAgeSeconds);
        report.AllowIf(true, 16, file, "per-CPU user/system from cpuacct, idle = age − busy, never 0 for a running container (lxcfs cpuview: 0 on first read)");
        TextComparison.Lines(report, file, theirs.Where(l => !IsCpu(l)).ToArray(), ours.Where(l => !IsCpu(l)).ToArray(),
            TextComparison.LinesOf(reading.TheirsAgain).Where(l => !IsCpu(l)).ToArray(),
            (key, _, _) => key switch { "procs_running" or "procs_blocked" => 16, "btime" => 1, _ => 0 });
    }

    private static string Name(string line) => line.Split(' ')[0];

    private static void CheckOurCpuTimes(Report report, string[] cpuLines, (double Min, double Max) ageSeconds)
    {
        const string file = "proc/stat";
        var rows = cpuLines.Select(l => TextComparison.Split(l).Values).ToArray();
        for (var column = 0; column < 10; column++)
        {
            var sum = rows.Skip(1).Sum(r => r[column]);
            report.Check(rows[0][column] == sum, file, $"column {column} of 'cpu' is {rows[0][column]}, the cpuN lines sum to {sum}");
        }

        report.Check(rows.All(r => r[1] == 0 && r.Skip(4).All(v => v == 0)), file, "nice, iowait, irq, softirq, steal and guest must be 0:\n" + string.Join('\n', cpuLines));
        report.Check(rows[0][0] + rows[0][2] > 0, file, "a running container has used some CPU time:\n" + cpuLines[0]);
        var perCpuTicks = rows.Skip(1).Select(r => r[0] + r[2] + r[3]);
        // Ticks are truncated and uptime is rounded to 10 ms: 2 ticks of slack.
        report.Check(perCpuTicks.All(t => t >= (ageSeconds.Min * 100) - 2 && t <= (ageSeconds.Max * 100) + 2), file,
            $"user + system + idle of each CPU should be the container's age ({ageSeconds.Min:F2}..{ageSeconds.Max:F2} s × 100):\n{string.Join('\n', cpuLines)}");
    }

    /// <summary>
    /// The age must fall in the lxcfs bracket ± 0.02 s. Idle (row 20): lxcfs age − busy, ours visible × age − busy,
    /// so ours − (visible − 1) × age must fall in the bracket of lxcfs's idle. Busy is <c>cpuacct.usage</c> there
    /// and the sum of <c>cpuacct.usage_all</c> here (tick-sampled, what /proc/stat shows): ± 0.15 s per visible CPU.
    /// </summary>
    private static double CompareUptime(Report report, Reading reading, ContainerShape shape)
    {
        const string file = "proc/uptime";
        var ours = TextComparison.Split(reading.Ours.Trim()).Values;
        var theirs = TextComparison.Split(reading.Theirs.Trim()).Values;
        var again = TextComparison.Split(reading.TheirsAgain.Trim()).Values;
        report.Check(ours[0] >= theirs[0] - 0.02 && ours[0] <= again[0] + 0.02, file, $"age {ours[0]}, lxcfs {theirs[0]}..{again[0]}");
        var n = shape.ExpectedCpus;
        var likeLxcfs = ours[1] - ((n - 1) * ours[0]);
        var slack = 0.15 * n;
        // lxcfs shows idle = age when it found no busy time for the reaper (seen once under load, at 0.47 s of
        // age): then it is no reference, and ours must only be a possible value.
        var lxcfsSawNoBusyTime = Math.Abs(theirs[1] - theirs[0]) < 0.005 && Math.Abs(again[1] - again[0]) < 0.005;
        report.Check(lxcfsSawNoBusyTime
            ? ours[1] >= 0 && ours[1] <= (n * ours[0]) + 0.01
            : likeLxcfs >= Math.Min(theirs[1], again[1]) - slack && likeLxcfs <= Math.Max(theirs[1], again[1]) + slack, file,
            $"idle − {n - 1} × age = {likeLxcfs}, lxcfs idle {theirs[1]}..{again[1]}; here '{reading.Ours.Trim()}', lxcfs '{reading.Theirs.Trim()}'..'{reading.TheirsAgain.Trim()}'");
        report.AllowIf(ours[1] != theirs[1], 20, file, $"idle = {n} × age − busy = {ours[1]} (lxcfs: age − busy = {theirs[1]})");
        return ours[0];
    }
}
