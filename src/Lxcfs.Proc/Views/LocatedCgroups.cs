using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Containers;

namespace Lxcfs.Proc.Views;

/// <summary>
/// The cgroup directories a container's views read, located once per resolved <see cref="Container"/>
/// instance: its paths never change (the resolver makes a new instance when it re-reads them), so a read
/// builds no directory strings. Null where the hierarchy is not mounted or the container sits in its root.
/// </summary>
internal sealed class LocatedCgroups
{
    public LocatedCgroups(Container container, CgroupLayout layout)
    {
        Memory = container.Locate(layout, "memory");
        Accounting = container.Locate(layout, layout.Mode == CgroupMode.Unified ? "cpu" : "cpuacct");
        Blkio = container.Locate(layout, "blkio");
        Cpu = container.Locate(layout, "cpu");

        // Lines shown are remembered per accounting cgroup and init: a new init in a reused cgroup starts afresh.
        var generation = container.Init.IsDaemonNamespace ? 0 : container.Init.StartTime;
        LedgerKey = Accounting is null ? null : Accounting.Path + "#" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public CgroupDirectory? Memory { get; }

    /// <summary>Where CPU usage is read: v1 cpuacct, v2 cpu.</summary>
    public CgroupDirectory? Accounting { get; }

    public CgroupDirectory? Blkio { get; }

    public CgroupDirectory? Cpu { get; }

    /// <summary>The CPU time ledger's key; null without an accounting cgroup.</summary>
    public string? LedgerKey { get; }
}
