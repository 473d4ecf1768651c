namespace Lxcfs.Bench;

/// <summary>Order statistics of samples; the median, because a read's cost has a long tail of preemptions.</summary>
internal static class Statistics
{
    public static double Median(IEnumerable<double> samples)
    {
        var sorted = samples.ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
