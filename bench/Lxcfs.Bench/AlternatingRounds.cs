namespace Lxcfs.Bench;

/// <summary>
/// Latency of several series (most a file's reads, one the forced-reads helper's) measured in short
/// alternating rounds: each round takes a few samples of every series,
/// in an order that rotates from round to round. Noise from elsewhere on the machine (this VM shares its
/// CPUs) then lands on all of them about equally, and a ratio taken within each round, whose median over
/// the rounds is reported, cancels the drift that a ratio of two separately measured medians keeps.
/// </summary>
internal sealed class AlternatingRounds
{
    private readonly List<double>[] _all;
    private readonly List<double>[] _roundMedians;

    private AlternatingRounds(int series)
    {
        _all = [.. Enumerable.Range(0, series).Select(_ => new List<double>())];
        _roundMedians = [.. Enumerable.Range(0, series).Select(_ => new List<double>())];
    }

    /// <summary>Takes <paramref name="readsPerRound"/> samples of each series per round, after a warm-up of each.</summary>
    /// <param name="series">each returns that many latencies in µs when asked for a number of them</param>
    /// <param name="rounds">rounds</param>
    /// <param name="readsPerRound">samples of each series per round</param>
    public static AlternatingRounds Measure(IReadOnlyList<Func<int, double[]>> series, int rounds, int readsPerRound)
    {
        var result = new AlternatingRounds(series.Count);
        // Warm-up: the JIT of the loop, the servers' caches for this caller, the kernel's dentries.
        foreach (var sample in series)
        {
            _ = sample(Math.Min(200, readsPerRound * 2));
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < series.Count; k++)
            {
                var i = (round + k) % series.Count;
                var samples = series[i](readsPerRound);
                result._all[i].AddRange(samples);
                result._roundMedians[i].Add(Statistics.Median(samples));
            }
        }

        return result;
    }

    /// <summary>The median of every sample of series <paramref name="i"/>.</summary>
    public double P50(int i) => Statistics.Median(_all[i]);

    /// <summary>The median over rounds of series <paramref name="i"/>'s round median divided by series <paramref name="j"/>'s.</summary>
    public double RatioOfRounds(int i, int j) => Statistics.Median(_roundMedians[i].Zip(_roundMedians[j], (a, b) => a / b));
}
