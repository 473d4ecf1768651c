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
        var rows = new List<(string File, Figures Ours, Figures Lxcfs, Figures? Floor)>();
        foreach (var file in _options.Files)
        {
            var (ours, lxcfs, floor) = Measure(Path.Combine(_options.Ours, file), Path.Combine(_options.Lxcfs, file), _options.Floor);
            rows.Add((file, ours, lxcfs, floor));
            report.AppendLine(s_inv, $"{file,-16} {ours.P50,12:F1} {lxcfs.P50,13:F1} {ours.P50 / lxcfs.P50,13:F2}x {ours.Rate,13:F0} {lxcfs.Rate,14:F0} {ours.Rate / lxcfs.Rate,16:F2}x");
        }

        if (_options.Floor is null)
        {
            return report.ToString();
        }

        report.AppendLine();
        report.AppendLine("FUSE floor: a constant 16-byte file through the same FUSE layer (the kernel's round trips), measured");
        report.AppendLine("in the same rounds as each file; below, each server's figures with the floor taken out");
        report.AppendLine(s_inv, $"{"file",-16} {"floor p50",10} {"ours +µs",9} {"lxcfs +µs",10} {"ratio",7} {"floor files/s",14} {"ours +µs/file",14} {"lxcfs +µs/file",15} {"ratio",7}");
        foreach (var (file, ours, lxcfs, floor) in rows)
        {
            var oursLatency = ours.P50 - floor!.P50;
            var lxcfsLatency = lxcfs.P50 - floor.P50;
            var oursCost = ours.MicrosPerFile - floor.MicrosPerFile;
            var lxcfsCost = lxcfs.MicrosPerFile - floor.MicrosPerFile;
            report.AppendLine(s_inv, $"{file,-16} {floor.P50,10:F1} {oursLatency,9:F1} {lxcfsLatency,10:F1} {oursLatency / lxcfsLatency,6:F2}x {floor.Rate,14:F0} {oursCost,14:F1} {lxcfsCost,15:F1} {oursCost / lxcfsCost,6:F2}x");
        }

        return report.ToString();
    }

    private (Figures Ours, Figures Lxcfs, Figures? Floor) Measure(string ours, string lxcfs, string? floor)
    {
        string[] paths = floor is null ? [ours, lxcfs] : [ours, lxcfs, floor];

        // Warm every path (init-pid caches, JIT of this loop), then alternate rounds so drift hits all alike.
        var samples = paths.Select(path =>
        {
            ReadLoop.Measure(path, 200);
            return new List<double>();
        }).ToArray();
        // Short rounds, many times over: a burst of noise from elsewhere on the machine then lands on
        // all paths about equally instead of on whichever happened to be measured at the time.
        const int rounds = 20;
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < paths.Length; i++)
            {
                samples[i].AddRange(ReadLoop.Measure(paths[i], Math.Max(1, _options.Iterations / rounds)));
            }
        }

        var duration = TimeSpan.FromSeconds(_options.Seconds);
        var figures = paths.Select((path, i) => new Figures(Median(samples[i]), ReadLoop.Throughput(path, _options.Threads, duration))).ToArray();
        return (figures[0], figures[1], floor is null ? null : figures[2]);
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
