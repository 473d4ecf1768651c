namespace Lxcfs.Daemon.Metrics;

/// <summary>A file's reads at one scrape.</summary>
/// <param name="Buckets">reads per latency bucket of <see cref="FileReadMeter.Bounds"/>, not cumulative; the last is above every bound</param>
/// <param name="SumSeconds">their summed latency</param>
/// <param name="Failed">opens and reads answered with an errno</param>
internal sealed record FileReads(IReadOnlyList<long> Buckets, double SumSeconds, long Failed)
{
    public long Count => Buckets.Sum();
}
