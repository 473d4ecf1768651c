namespace Lxcfs.Proc.Loadavg;

/// <summary>One census of a container's tasks (threads).</summary>
/// <param name="Running">tasks in state R (the kernel's nr_running column)</param>
/// <param name="Active">tasks in state R or D (what the load average counts)</param>
/// <param name="Total">all tasks</param>
/// <param name="LastPid">the highest task id as the container's pid namespace numbers it</param>
public readonly record struct TaskSample(int Running, int Active, int Total, int LastPid);
