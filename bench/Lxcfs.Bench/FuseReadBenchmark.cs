using System.Text;

namespace Lxcfs.Bench;

/// <summary>
/// The read benchmark's parts, as asked: the view the reader gets, the latency table, the cost of checking
/// a caller, the throughput table.
/// Where the reader sits (a container's cgroup and pid namespace or the host's, which CPU) is set up by the
/// caller, which also prints the heading.
/// </summary>
internal sealed class FuseReadBenchmark
{
    private readonly Options _options;

    public FuseReadBenchmark(Options options) => _options = options;

    public string Run()
    {
        var report = new StringBuilder();
        if (_options.Parts.Contains("view"))
        {
            report.AppendLine(ViewCheck.Describe(_options));
        }

        // Printed by "identify"; the latency table uses it only in its pinned verdicts.
        var check = _options.Parts.Contains("identify") || (_options.Parts.Contains("latency") && _options.PinnedCpu is not null)
            ? CallerCheck.Measure(_options)
            : null;
        if (_options.Parts.Contains("latency"))
        {
            LatencyTable.Append(report, _options, check);
        }

        if (_options.Parts.Contains("identify"))
        {
            CallerCheck.Append(report, check);
        }

        if (_options.Parts.Contains("throughput"))
        {
            if (report.Length > 0)
            {
                report.AppendLine();
            }

            ThroughputTable.Append(report, _options);
        }

        return report.ToString();
    }
}
