using System.Globalization;
using System.Text;

namespace Lxcfs.Bench;

/// <summary>
/// What the daemon spends knowing who reads, timed by the forced-reads helper in this reader's place: on every
/// read of a caller it has seen before, one pidfd_send_signal on that caller's pinned pidfd (<see cref="RepeatP50"/>);
/// for a caller seen once, one readlink of /proc/PID/ns/pid and one pidfd_send_signal on the init of that
/// namespace (<see cref="OnceP50"/>). It is the daemon's choice of method, so it is not in the forced column:
/// the verdict adds the repeat check to the forced reads to say what any server that guards against a
/// recycled pid must cost.
/// </summary>
internal sealed record CallerCheck(double RepeatP50, double OnceP50)
{
    private const int Samples = 2000;

    /// <summary>Null without a forced-reads helper.</summary>
    public static CallerCheck? Measure(Options options)
    {
        if (options.ForcedReads is not { } helperPath)
        {
            return null;
        }

        using var helper = ForcedReadsHelper.Start(helperPath, options.Floor, []);
        _ = helper.Identify(200); // warm-up: the dentries of /proc/PID
        _ = helper.Check(200);
        return new CallerCheck(Statistics.Median(helper.Check(Samples)), Statistics.Median(helper.Identify(Samples)));
    }

    public static void Append(StringBuilder report, CallerCheck? check)
    {
        report.AppendLine(check is null
            ? "caller check: not measured (no --forced-reads helper)"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"caller check (the daemon's choice, not in forced), p50 over {Samples}: {check.RepeatP50:F2} µs on every read of a caller seen before (one pidfd_send_signal); {check.OnceP50:F2} µs for a caller seen once (readlink of /proc/PID/ns/pid + pidfd_send_signal)"));
    }
}
