namespace Lxcfs.Proc.Views;

/// <summary>
/// Every file the daemon serves, in one table: the tree is built from it, each file's host path and
/// renderer come from it, and nothing is served that is not in it. Adding a file takes a
/// <see cref="ViewFile"/> member, a row here, and its render method in <c>ContainerViewSource.Files.cs</c>
/// (docs/daemon.md, "Adding a file").
/// </summary>
public static class ServedFiles
{
    private static readonly ServedFile[] s_byFile = Checked(
    [
        new(ViewFile.ProcCpuinfo, "proc/cpuinfo", static (v, c, o) => v.RenderCpuinfo(c, o)),
        new(ViewFile.ProcDiskstats, "proc/diskstats", static (v, c, o) => v.RenderDiskstats(c, o)),
        new(ViewFile.ProcLoadavg, "proc/loadavg", static (v, c, o) => v.RenderLoadavg(c, o)),
        new(ViewFile.ProcMeminfo, "proc/meminfo", static (v, c, o) => v.RenderMeminfo(c, o)),
        new(ViewFile.ProcStat, "proc/stat", static (v, c, o) => v.RenderStat(c, o)),
        new(ViewFile.ProcSwaps, "proc/swaps", static (v, c, o) => v.RenderSwaps(c, o)),
        new(ViewFile.ProcUptime, "proc/uptime", static (v, c, o) => v.RenderUptime(c, o)),
        new(ViewFile.SysCpuOnline, "sys/devices/system/cpu/online", static (v, c, o) => v.RenderOnline(c, o)),

        // The container's CPUs are all it may ever have: possible and present list them too, so that glibc's
        // _NPROCESSORS_CONF, lscpu's "CPU(s)" and the JVM's total count agree with online; none is offline.
        new(ViewFile.SysCpuOffline, "sys/devices/system/cpu/offline", static (_, _, o) => ContainerViewSource.RenderOffline(o)),
        new(ViewFile.SysCpuPossible, "sys/devices/system/cpu/possible", static (v, c, o) => v.RenderOnline(c, o)),
        new(ViewFile.SysCpuPresent, "sys/devices/system/cpu/present", static (v, c, o) => v.RenderOnline(c, o)),

        // As LXCFS 5.0 and 7.0 serve them. The kernel keeps slabinfo from anyone but root.
        new(ViewFile.ProcSlabinfo, "proc/slabinfo", static (v, c, o) => v.RenderSlabinfo(c, o)) { RootOnly = true },
        new(ViewFile.ProcPressureCpu, "proc/pressure/cpu", static (v, c, o) => v.RenderPressure(c, "cpu.pressure", o)),
        new(ViewFile.ProcPressureIo, "proc/pressure/io", static (v, c, o) => v.RenderPressure(c, "io.pressure", o)),
        new(ViewFile.ProcPressureMemory, "proc/pressure/memory", static (v, c, o) => v.RenderPressure(c, "memory.pressure", o)),
    ]);

    /// <summary>In the order of <see cref="ViewFile"/>, which is the order of the tree.</summary>
    public static IReadOnlyList<ServedFile> All => s_byFile;

    public static ServedFile Of(ViewFile file) => s_byFile[(int)file];

    // The rows are indexed by key: a key without its row, or a row out of place, stops the daemon at start, not a read.
    private static ServedFile[] Checked(ServedFile[] rows)
    {
        var keys = Enum.GetValues<ViewFile>();
        for (var i = 0; i < Math.Max(keys.Length, rows.Length); i++)
        {
            if (i >= keys.Length || i >= rows.Length || (int)keys[i] != i || rows[i].File != keys[i])
            {
                throw new InvalidOperationException($"ServedFiles must have one row per ViewFile member, in its order; row {i} is {(i < rows.Length ? rows[i].File.ToString() : "missing")}");
            }
        }

        return rows;
    }
}
