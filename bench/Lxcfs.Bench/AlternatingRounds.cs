namespace Lxcfs.Bench;

/// <summary>
/// Latency of several files measured in short alternating rounds: each round reads every file a few times,
/// in an order that rotates from round to round. Noise from elsewhere on the machine (this VM shares its
/// CPUs) then lands on all of them about equally, and a ratio taken within each round, whose median over
/// the rounds is reported, cancels the drift that a ratio of two separately measured medians keeps.
/// </summary>
internal sealed class AlternatingRounds
{
    private readonly List<double>[] _all;
    private readonly List<double>[] _roundMedians;

    private AlternatingRounds(int paths)
    {
        _all = [.. Enumerable.Range(0, paths).Select(_ => new List<double>())];
        _roundMedians = [.. Enumerable.Range(0, paths).Select(_ => new List<double>())];
    }

    /// <summary>Reads each path <paramref name="readsPerRound"/> times per round, after a warm-up of each.</summary>
    public static AlternatingRounds Measure(IReadOnlyList<string> paths, int rounds, int readsPerRound)
    {
        var result = new AlternatingRounds(paths.Count);
        // Warm-up: the JIT of the loop, the servers' caches for this caller, the kernel's dentries.
        foreach (var path in paths)
        {
            _ = ReadLoop.Measure(path, Math.Min(200, readsPerRound * 2));
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < paths.Count; k++)
            {
                var i = (round + k) % paths.Count;
                var samples = ReadLoop.Measure(paths[i], readsPerRound);
                result._all[i].AddRange(samples);
                result._roundMedians[i].Add(Statistics.Median(samples));
            }
        }

        return result;
    }

    /// <summary>The median of every read of path <paramref name="i"/>.</summary>
    public double P50(int i) => Statistics.Median(_all[i]);

    /// <summary>The median over rounds of path <paramref name="i"/>'s round median divided by path <paramref name="j"/>'s.</summary>
    public double RatioOfRounds(int i, int j) => Statistics.Median(_roundMedians[i].Zip(_roundMedians[j], (a, b) => a / b));
}
