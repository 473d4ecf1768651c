using System.Globalization;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// The container shapes the live and differential tests run: a 256 MiB memory limit on the parent
/// ("pod") cgroup and none on the container's, and a CPU restriction that is either a one-CPU cpuset or
/// a CFS quota of 0.5 or 1.5 CPUs on the container or its parent.
/// </summary>
/// <param name="Name">the theory's data row</param>
/// <param name="OneCpuCpuset">the cpuset is the host's last CPU only (shows that ids are kept, where lxcfs renumbers from 0)</param>
/// <param name="QuotaLevel">where the quota is: "" (the parent) or "ct" (the container)</param>
/// <param name="QuotaCpus">the CFS quota in CPUs, null for none</param>
public sealed record ContainerShape(string Name, bool OneCpuCpuset, string QuotaLevel, double? QuotaCpus)
{
    public const long MemoryLimit = 256L << 20;
    public const string MemTotalLine = "MemTotal:         262144 kB";

    public static readonly ContainerShape[] All =
    [
        new("one-cpu-cpuset", OneCpuCpuset: true, QuotaLevel: TestCgroup.Container, QuotaCpus: null),
        new("one-cpu-cpuset-quota-0.5-on-container", OneCpuCpuset: true, QuotaLevel: TestCgroup.Container, QuotaCpus: 0.5),
        new("quota-0.5-on-container", OneCpuCpuset: false, QuotaLevel: TestCgroup.Container, QuotaCpus: 0.5),
        new("quota-1.5-on-container", OneCpuCpuset: false, QuotaLevel: TestCgroup.Container, QuotaCpus: 1.5),
        new("quota-0.5-on-parent", OneCpuCpuset: false, QuotaLevel: "", QuotaCpus: 0.5),
        new("quota-1.5-on-parent", OneCpuCpuset: false, QuotaLevel: "", QuotaCpus: 1.5),
    ];

    public static ContainerShape Named(string name) => All.Single(s => s.Name == name);

    /// <summary>CPUs in the cpuset.</summary>
    public int CpusetCount => OneCpuCpuset ? 1 : TestCgroup.HostCpuCount;

    /// <summary>What the container must see with <c>--enable-cfs</c>: ceil(quota) capped at the cpuset.</summary>
    public int ExpectedCpus => QuotaCpus is { } q ? Math.Min((int)Math.Ceiling(q), CpusetCount) : CpusetCount;

    /// <summary>What lxcfs 5.0.3 shows: it reads the quota only at the container's own cgroup.</summary>
    public int Lxcfs503Cpus => QuotaLevel == TestCgroup.Container ? ExpectedCpus : CpusetCount;

    /// <summary>The ids of the CPUs the container sees: the first <see cref="ExpectedCpus"/> of its cpuset, never renumbered.</summary>
    public int[] ExpectedIds => [.. (OneCpuCpuset ? [TestCgroup.HostCpuCount - 1] : Enumerable.Range(0, TestCgroup.HostCpuCount)).Take(ExpectedCpus)];

    /// <summary><see cref="ExpectedIds"/> as the kernel prints a CPU list (<c>1</c>, <c>0-3</c>).</summary>
    public string ExpectedOnline => CpuListText(ExpectedIds);

    public static string CpuListText(IReadOnlyList<int> ids)
    {
        var ranges = new List<string>();
        for (var i = 0; i < ids.Count;)
        {
            var end = i;
            while (end + 1 < ids.Count && ids[end + 1] == ids[end] + 1)
            {
                end++;
            }

            ranges.Add(end == i ? $"{ids[i]}" : $"{ids[i]}-{ids[end]}");
            i = end + 1;
        }

        return string.Join(',', ranges) + "\n";
    }

    /// <summary>Applies the shape to fresh cgroups.</summary>
    public void Apply(TestCgroup cgroup)
    {
        ArgumentNullException.ThrowIfNull(cgroup);
        cgroup.Set("memory", "", "memory.limit_in_bytes", MemoryLimit.ToString(CultureInfo.InvariantCulture));
        if (OneCpuCpuset)
        {
            cgroup.SetCpus((TestCgroup.HostCpuCount - 1).ToString(CultureInfo.InvariantCulture));
        }

        if (QuotaCpus is { } cpus)
        {
            cgroup.SetQuota(QuotaLevel, cpus);
        }
    }

    public override string ToString() => Name;
}
