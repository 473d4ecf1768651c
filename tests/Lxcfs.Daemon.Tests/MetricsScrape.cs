using System.Globalization;
using System.Net.Http;

namespace Lxcfs.Daemon.Tests;

/// <summary>One scrape of a daemon's /metrics, parsed into sample → value (an independent reading of the text format).</summary>
internal sealed class MetricsScrape
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private MetricsScrape(string text, IReadOnlyDictionary<string, double> samples)
    {
        Text = text;
        Samples = samples;
    }

    public string Text { get; }

    /// <summary>By the sample as written, e.g. <c>lxcfs_reads_total{file="proc/meminfo"}</c>.</summary>
    public IReadOnlyDictionary<string, double> Samples { get; }

    public static MetricsScrape From(string address)
    {
        var text = s_http.GetStringAsync(new Uri($"http://{address}/metrics")).GetAwaiter().GetResult();
        return Parse(text);
    }

    public static MetricsScrape Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples.Add(line[..space], double.Parse(line[(space + 1)..].Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture));
        }

        return new MetricsScrape(text, samples);
    }

    public double this[string sample] => Samples.TryGetValue(sample, out var value) ? value : throw new KeyNotFoundException($"no sample {sample} in:\n{Text}");

    public double Reads(string file) => this[$"lxcfs_reads_total{{file=\"{file}\"}}"];

    public double Errors(string file) => this[$"lxcfs_read_errors_total{{file=\"{file}\"}}"];

    public double HistogramCount(string file) => this[$"lxcfs_read_duration_seconds_count{{file=\"{file}\"}}"];

    /// <summary>A file's cumulative buckets in the order written, the last being +Inf.</summary>
    public IReadOnlyList<(string Le, double Count)> Buckets(string file) =>
        [.. Samples.Where(s => s.Key.StartsWith($"lxcfs_read_duration_seconds_bucket{{file=\"{file}\",le=\"", StringComparison.Ordinal))
            .Select(s => (s.Key.Split(",le=\"")[1].TrimEnd('}', '"'), s.Value))];
}
