using System.Globalization;
using System.Text;

namespace Lxcfs.Bench;

/// <summary>
/// Latency (one reader) and throughput (N readers) of whole-file reads, ours against lxcfs, and, when a
/// floor file is given, the same figures with the floor's share taken out: what each server adds to the
/// kernel's round trips.
/// </summary>
internal sealed class FuseReadBenchmark
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;
    private readonly Options _options;

    public FuseReadBenchmark(Options options) => _options = options;

    public string Run()
    {
        var report = new StringBuilder();
        report.AppendLine(s_inv, $"open+read+close, median of {_options.Iterations} sequential reads (1 reader), and whole files/s with {_options.Threads} concurrent readers for {_options.Seconds} s");
        report.AppendLine(s_inv, $"{"file",-16} {"ours p50 µs",12} {"lxcfs p50 µs",13} {"latency ratio",14} {"ours files/s",13} {"lxcfs files/s",14} {"throughput ratio",17}");
        var floor = _options.Floor is { } floorFile ? Measure(floorFile) : null;
        var rows = new List<(string File, Figures Ours, Figures Lxcfs)>();
        foreach (var file in _options.Files)
        {
            var (ours, lxcfs) = MeasurePair(Path.Combine(_options.Ours, file), Path.Combine(_options.Lxcfs, file));
            rows.Add((file, ours, lxcfs));
            report.AppendLine(s_inv, $"{file,-16} {ours.P50,12:F1} {lxcfs.P50,13:F1} {ours.P50 / lxcfs.P50,13:F2}x {ours.Rate,13:F0} {lxcfs.Rate,14:F0} {ours.Rate / lxcfs.Rate,16:F2}x");
        }

        if (floor is not null)
        {
            report.AppendLine(s_inv, $"{"FUSE floor",-16} {floor.P50,12:F1} {"",13} {"",14} {floor.Rate,13:F0}   (a constant 16-byte file through the same FUSE layer: the kernel's round trips)");
            report.AppendLine();
            report.AppendLine("the same with the floor taken out (what each server adds: p50 - floor p50; machine time per file - the floor's)");
            report.AppendLine(s_inv, $"{"file",-16} {"ours µs",12} {"lxcfs µs",13} {"latency ratio",14} {"ours µs/file",13} {"lxcfs µs/file",14} {"cost ratio",17}");
            foreach (var (file, ours, lxcfs) in rows)
            {
                var oursLatency = ours.P50 - floor.P50;
                var lxcfsLatency = lxcfs.P50 - floor.P50;
                var oursCost = ours.MicrosPerFile - floor.MicrosPerFile;
                var lxcfsCost = lxcfs.MicrosPerFile - floor.MicrosPerFile;
                report.AppendLine(s_inv, $"{file,-16} {oursLatency,12:F1} {lxcfsLatency,13:F1} {oursLatency / lxcfsLatency,13:F2}x {oursCost,13:F1} {lxcfsCost,14:F1} {oursCost / lxcfsCost,16:F2}x");
            }
        }

        return report.ToString();
    }

    private Figures Measure(string path)
    {
        ReadLoop.Measure(path, 200);
        var samples = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            samples.AddRange(ReadLoop.Measure(path, _options.Iterations / 3));
        }

        return new Figures(Median(samples), ReadLoop.Throughput(path, _options.Threads, TimeSpan.FromSeconds(_options.Seconds)));
    }

    private (Figures Ours, Figures Lxcfs) MeasurePair(string ours, string lxcfs)
    {
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

        var duration = TimeSpan.FromSeconds(_options.Seconds);
        var oursRate = ReadLoop.Throughput(ours, _options.Threads, duration);
        var lxcfsRate = ReadLoop.Throughput(lxcfs, _options.Threads, duration);
        return (new Figures(Median(oursSamples), oursRate), new Figures(Median(lxcfsSamples), lxcfsRate));
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }

    /// <summary>One file's figures; machine time per file is what the whole machine spends on one, at full load.</summary>
    private sealed record Figures(double P50, double Rate)
    {
        public double MicrosPerFile => Environment.ProcessorCount * 1_000_000.0 / Rate;
    }
}
