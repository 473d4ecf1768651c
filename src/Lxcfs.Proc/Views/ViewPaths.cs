namespace Lxcfs.Proc.Views;

/// <summary>Where each view lives under the mount point and which host file it stands in for.</summary>
public static class ViewPaths
{
    public static IReadOnlyList<ViewFile> All { get; } = Enum.GetValues<ViewFile>();

    /// <summary>The path below the mount point, which is also the path it is bound over in a container.</summary>
    public static string RelativePath(ViewFile file) => file switch
    {
        ViewFile.ProcCpuinfo => "proc/cpuinfo",
        ViewFile.ProcDiskstats => "proc/diskstats",
        ViewFile.ProcLoadavg => "proc/loadavg",
        ViewFile.ProcMeminfo => "proc/meminfo",
        ViewFile.ProcStat => "proc/stat",
        ViewFile.ProcSwaps => "proc/swaps",
        ViewFile.ProcUptime => "proc/uptime",
        ViewFile.SysCpuOnline => "sys/devices/system/cpu/online",
        _ => throw new ArgumentOutOfRangeException(nameof(file), file, "unknown view file"),
    };

    /// <summary>The host file the view replaces.</summary>
    public static string HostPath(ViewFile file) => "/" + RelativePath(file);
}
