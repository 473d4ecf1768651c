namespace Lxcfs.Proc.Rendering;

/// <summary>Which host CPUs a container sees; the i-th entry is shown as CPU i in cpuinfo, stat and online alike.</summary>
public static class VisibleCpus
{
    /// <summary>
    /// The cpuset, cut to ceil(quota) CPUs when CFS awareness is on (at least one, at most the cpuset).
    /// </summary>
    public static int[] Compute(int[] cpuset, double? quotaCpus, bool enableCfs)
    {
        var count = cpuset.Length;
        if (enableCfs && quotaCpus is { } quota)
        {
            // Shave off floating-point noise so 200000/100000 stays 2, not 3.
            count = Math.Clamp((int)Math.Ceiling(quota - 1e-9), 1, cpuset.Length);
        }

        return cpuset[..count];
    }
}
