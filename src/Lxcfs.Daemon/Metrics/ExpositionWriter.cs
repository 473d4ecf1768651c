using System.Globalization;
using System.Text;

namespace Lxcfs.Daemon.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): per family a <c># HELP</c> and a
/// <c># TYPE</c> line, then its samples. Used at scrape time only, so plain strings are fine here.
/// </summary>
internal sealed class ExpositionWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    public void Family(string name, string type, string help) =>
        _text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    public void Sample(string name, long value, params (string Name, string Value)[] labels) =>
        Sample(name, value.ToString(CultureInfo.InvariantCulture), labels);

    public void Sample(string name, double value, params (string Name, string Value)[] labels) =>
        Sample(name, FormatDouble(value), labels);

    /// <summary>
    /// A histogram's samples: cumulative <c>_bucket</c>s ending with <c>le="+Inf"</c>, then <c>_sum</c> and
    /// <c>_count</c> (which equals the +Inf bucket).
    /// </summary>
    /// <param name="counts">observations per bucket, not cumulative: one per bound, then those above the last</param>
    public void Histogram(string name, (string Name, string Value) label, IReadOnlyList<double> bounds, IReadOnlyList<long> counts, double sum)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count != bounds.Count + 1)
        {
            throw new ArgumentException($"a histogram with {bounds.Count} bounds needs {bounds.Count + 1} counts, not {counts.Count}", nameof(counts));
        }

        long cumulative = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            cumulative += counts[i];
            var le = i < bounds.Count ? FormatDouble(bounds[i]) : "+Inf";
            Sample(name + "_bucket", cumulative, label, ("le", le));
        }

        Sample(name + "_sum", sum, label);
        Sample(name + "_count", cumulative, label);
    }

    public override string ToString() => _text.ToString();

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    public static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Help texts escape backslash and line feed (a quote needs none there).</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>As Go's ParseFloat reads them (Prometheus's parser): shortest round trip, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'),
    };

    private void Sample(string name, string value, (string Name, string Value)[] labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                _text.Append(i == 0 ? "" : ",").Append(labels[i].Name).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(value).Append('\n');
    }
}
