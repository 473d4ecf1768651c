namespace Lxcfs.Proc.Rendering;

/// <summary>The ten columns of a <c>/proc/stat</c> cpu line, in USER_HZ ticks.</summary>
public record struct CpuTimes(
    ulong User, ulong Nice, ulong System, ulong Idle, ulong Iowait,
    ulong Irq, ulong Softirq, ulong Steal, ulong Guest, ulong GuestNice)
{
    public readonly CpuTimes Plus(in CpuTimes o) => new(
        User + o.User, Nice + o.Nice, System + o.System, Idle + o.Idle, Iowait + o.Iowait,
        Irq + o.Irq, Softirq + o.Softirq, Steal + o.Steal, Guest + o.Guest, GuestNice + o.GuestNice);

    /// <summary>Column-wise maximum: what makes shown counters monotonic.</summary>
    public readonly CpuTimes Max(in CpuTimes o) => new(
        Math.Max(User, o.User), Math.Max(Nice, o.Nice), Math.Max(System, o.System), Math.Max(Idle, o.Idle),
        Math.Max(Iowait, o.Iowait), Math.Max(Irq, o.Irq), Math.Max(Softirq, o.Softirq), Math.Max(Steal, o.Steal),
        Math.Max(Guest, o.Guest), Math.Max(GuestNice, o.GuestNice));
}
