using System.Globalization;
using System.Text;

namespace Lxcfs.Bench;

/// <summary>
/// One line: what identifying a caller costs the way the daemon does it for a caller whose container it
/// has cached (one readlink of /proc/PID/ns/pid, one pidfd_send_signal), timed by the forced-reads helper
/// in this reader's place. It is the daemon's choice of method, so it is not in the forced column; it is
/// printed so that its share of ours − forced can be seen.
/// </summary>
internal static class IdentifyCost
{
    private const int Samples = 2000;

    public static void Append(StringBuilder report, Options options)
    {
        if (options.ForcedReads is not { } helperPath)
        {
            report.AppendLine("caller identification: not measured (no --forced-reads helper)");
            return;
        }

        using var helper = ForcedReadsHelper.Start(helperPath, options.Floor, []);
        _ = helper.Identify(200); // warm-up: the dentries of /proc/PID
        var samples = helper.Identify(Samples);
        report.AppendLine(CultureInfo.InvariantCulture, $"caller identification (readlink of /proc/PID/ns/pid + pidfd_send_signal; the daemon's choice, not in forced): p50 {Statistics.Median(samples):F2} µs over {Samples}");
    }
}
