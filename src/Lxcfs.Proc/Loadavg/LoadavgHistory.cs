using Lxcfs.Proc.Cgroups;

namespace Lxcfs.Proc.Loadavg;

/// <summary>One tracked cgroup's averages, as handed from one daemon instance to the next.</summary>
public sealed record LoadavgHistory(CgroupDirectory Cgroup, int NamespaceDepth, LoadAverage Average);
