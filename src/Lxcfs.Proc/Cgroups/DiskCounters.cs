namespace Lxcfs.Proc.Cgroups;

/// <summary>One block device's counters for a cgroup, in /proc/diskstats units (sectors of 512 bytes, milliseconds).</summary>
public sealed class DiskCounters
{
    public ulong Reads { get; set; }
    public ulong ReadsMerged { get; set; }
    public ulong ReadSectors { get; set; }
    public ulong ReadTicks { get; set; }
    public ulong Writes { get; set; }
    public ulong WritesMerged { get; set; }
    public ulong WriteSectors { get; set; }
    public ulong WriteTicks { get; set; }
    public ulong IoTicks { get; set; }
    public ulong Discards { get; set; }
    public ulong DiscardsMerged { get; set; }
    public ulong DiscardSectors { get; set; }
    public ulong DiscardTicks { get; set; }

    public bool IsZero => Reads == 0 && ReadsMerged == 0 && ReadSectors == 0 && ReadTicks == 0 && Writes == 0
        && WritesMerged == 0 && WriteSectors == 0 && WriteTicks == 0 && IoTicks == 0 && Discards == 0
        && DiscardsMerged == 0 && DiscardSectors == 0 && DiscardTicks == 0;
}
