namespace Lxcfs.Proc.Cgroups;

/// <summary>How the host mounts its cgroup hierarchies.</summary>
public enum CgroupMode
{
    /// <summary>No cgroup filesystem found: every view is the host's.</summary>
    None,

    /// <summary>Only cgroup v1 hierarchies.</summary>
    Legacy,

    /// <summary>v1 hierarchies for the controllers plus a (controller-less) cgroup2 mount.</summary>
    Hybrid,

    /// <summary>A single cgroup2 hierarchy.</summary>
    Unified,
}
