namespace Lxcfs.Proc.Views;

/// <summary>The files the daemon answers per calling container (the LXCFS tree).</summary>
public enum ViewFile
{
    ProcCpuinfo,
    ProcDiskstats,
    ProcLoadavg,
    ProcMeminfo,
    ProcStat,
    ProcSwaps,
    ProcUptime,
    SysCpuOnline,
    SysCpuOffline,
    SysCpuPossible,
    SysCpuPresent,
    ProcSlabinfo,
    ProcPressureCpu,
    ProcPressureIo,
    ProcPressureMemory,
}
