using System.Diagnostics;
using Lxcfs.Daemon.Metrics;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Tests;

/// <summary>The Prometheus text format (0.0.4) as the daemon writes it.</summary>
public sealed class ExpositionFormatTests
{
    [Fact]
    public void A_family_is_its_help_and_type_lines_then_its_samples_with_escaped_label_values()
    {
        var writer = new ExpositionWriter();

        writer.Family("lxcfs_x_total", "counter", "Help with a \\ backslash,\na line feed and \"quotes\".");
        writer.Sample("lxcfs_x_total", 3, ("file", "a\\b\"c\nd"), ("kind", "plain"));
        writer.Sample("lxcfs_x_total", 0);

        writer.ToString().Should().Be("""
            # HELP lxcfs_x_total Help with a \\ backslash,\na line feed and "quotes".
            # TYPE lxcfs_x_total counter
            lxcfs_x_total{file="a\\b\"c\nd",kind="plain"} 3
            lxcfs_x_total 0

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void A_histogram_has_cumulative_buckets_ending_at_plus_Inf_then_its_sum_and_a_count_equal_to_the_last_bucket()
    {
        var writer = new ExpositionWriter();

        writer.Histogram("h_seconds", ("file", "proc/stat"), [0.00001, 0.5], [2, 0, 3], 1.25);

        writer.ToString().Should().Be("""
            h_seconds_bucket{file="proc/stat",le="1e-05"} 2
            h_seconds_bucket{file="proc/stat",le="0.5"} 2
            h_seconds_bucket{file="proc/stat",le="+Inf"} 5
            h_seconds_sum{file="proc/stat"} 1.25
            h_seconds_count{file="proc/stat"} 5

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.000025, "2.5e-05")]
    [InlineData(1733356800.123, "1733356800.123")]
    [InlineData(0.1, "0.1")]
    public void Floats_are_written_as_Prometheus_parses_them(double value, string text) =>
        ExpositionWriter.FormatDouble(value).Should().Be(text);

    [Fact]
    public void A_histogram_needs_one_count_per_bound_plus_one_above()
    {
        var writer = new ExpositionWriter();

        var act = () => writer.Histogram("h", ("file", "x"), [1.0], [1], 0);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_file_meter_puts_each_read_in_the_first_bucket_whose_bound_its_time_does_not_exceed()
    {
        new FileReadMeter().Rendered(Stopwatch.GetTimestamp()); // compiled before the timed calls
        var meter = new FileReadMeter();

        meter.Rendered(Stopwatch.GetTimestamp() - (Stopwatch.Frequency / 1000)); // 1 ms ago, give or take the call itself
        meter.Rendered(Stopwatch.GetTimestamp() - Stopwatch.Frequency);          // 1 s: above every bound
        meter.Rendered(Stopwatch.GetTimestamp());
        meter.Failed();

        var reads = meter.Snapshot();
        reads.Count.Should().Be(3);
        reads.Failed.Should().Be(1);
        reads.Buckets[^1].Should().Be(1, "a second is above the last bound (0.1 s)");
        reads.Buckets[Array.IndexOf(FileReadMeter.Bounds, 0.0025)].Should().Be(1, "1 ms plus the call is within (1 ms, 2.5 ms]");
        reads.Buckets.Take(4).Sum().Should().Be(1, "the read just begun took under 100 µs");
        reads.SumSeconds.Should().BeInRange(1.001, 1.1);
    }

    [Fact]
    public void Every_served_file_is_listed_with_zero_before_any_read()
    {
        var text = new DaemonMetrics().Scrape();

        foreach (var served in ServedFiles.All)
        {
            text.Should().Contain($"lxcfs_reads_total{{file=\"{served.Path}\"}} 0\n");
            text.Should().Contain($"lxcfs_read_errors_total{{file=\"{served.Path}\"}} 0\n");
            text.Should().Contain($"lxcfs_read_duration_seconds_count{{file=\"{served.Path}\"}} 0\n");
        }

        text.Should().Contain("# TYPE lxcfs_read_duration_seconds histogram\n").And.Contain("lxcfs_handoffs_total{outcome=\"taken\"} 0\n");
        text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Should().OnlyHaveUniqueItems("each family is declared once");
    }
}
