using System.Globalization;
using System.Text;

namespace Lxcfs.Bench;

/// <summary>Latency (one reader) and throughput (N readers) of whole-file reads, ours against lxcfs.</summary>
internal sealed class FuseReadBenchmark
{
    private readonly Options _options;

    public FuseReadBenchmark(Options options) => _options = options;

    public string Run()
    {
        var report = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        report.AppendLine(inv, $"open+read+close, median of {_options.Iterations} sequential reads (1 reader), and whole files/s with {_options.Threads} concurrent readers for {_options.Seconds} s");
        report.AppendLine(inv, $"{"file",-16} {"ours p50 µs",12} {"lxcfs p50 µs",13} {"latency ratio",14} {"ours files/s",13} {"lxcfs files/s",14} {"throughput ratio",17}");
        foreach (var file in _options.Files)
        {
            var ours = Path.Combine(_options.Ours, file);
            var lxcfs = Path.Combine(_options.Lxcfs, file);

            // Warm both (init-pid caches, JIT of this loop), then alternate rounds so drift hits both alike.
            ReadLoop.Measure(ours, 200);
            ReadLoop.Measure(lxcfs, 200);
            var oursSamples = new List<double>();
            var lxcfsSamples = new List<double>();
            for (var round = 0; round < 3; round++)
            {
                oursSamples.AddRange(ReadLoop.Measure(ours, _options.Iterations / 3));
                lxcfsSamples.AddRange(ReadLoop.Measure(lxcfs, _options.Iterations / 3));
            }

            var oursP50 = Median(oursSamples);
            var lxcfsP50 = Median(lxcfsSamples);
            var duration = TimeSpan.FromSeconds(_options.Seconds);
            var oursRate = ReadLoop.Throughput(ours, _options.Threads, duration);
            var lxcfsRate = ReadLoop.Throughput(lxcfs, _options.Threads, duration);
            report.AppendLine(inv, $"{file,-16} {oursP50,12:F1} {lxcfsP50,13:F1} {oursP50 / lxcfsP50,13:F2}x {oursRate,13:F0} {lxcfsRate,14:F0} {oursRate / lxcfsRate,16:F2}x");
        }

        return report.ToString();
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
