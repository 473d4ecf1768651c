using System.Text;

namespace Lxcfs.Bench;

/// <summary>
/// The read benchmark for one placement of the reader: the latency table, then the throughput table.
/// Where the reader sits (a container's cgroup and pid namespace, or the host's) is set up by the caller.
/// </summary>
internal sealed class FuseReadBenchmark
{
    private readonly Options _options;

    public FuseReadBenchmark(Options options) => _options = options;

    public string Run()
    {
        var report = new StringBuilder();
        report.AppendLine($"-- reader {_options.Placement} --");
        report.AppendLine(ViewCheck.Describe(_options));
        LatencyTable.Append(report, _options);
        report.AppendLine();
        ThroughputTable.Append(report, _options);
        return report.ToString();
    }
}
