namespace Lxcfs.Proc.Tests.Fixtures;

/// <summary>The fake host's own /proc files: 4 CPUs, 16 GiB, 4 GiB swap, up for 1000 s.</summary>
public static class HostFiles
{
    public const string Meminfo = """
        MemTotal:       16777216 kB
        MemFree:         8000000 kB
        MemAvailable:   12000000 kB
        Buffers:          100000 kB
        Cached:          3000000 kB
        SwapCached:            0 kB
        Active:          4000000 kB
        Inactive:        2000000 kB
        Active(anon):    2000000 kB
        Inactive(anon):   500000 kB
        Active(file):    2000000 kB
        Inactive(file):  1500000 kB
        Unevictable:       16000 kB
        Mlocked:           16000 kB
        SwapTotal:       4194304 kB
        SwapFree:        4194304 kB
        Dirty:              1000 kB
        Writeback:             0 kB
        AnonPages:       2500000 kB
        Mapped:           500000 kB
        Shmem:             10000 kB
        KReclaimable:     200000 kB
        Slab:             300000 kB
        SReclaimable:     200000 kB
        SUnreclaim:       100000 kB
        KernelStack:       10000 kB
        PageTables:        20000 kB
        CommitLimit:    12582912 kB
        Committed_AS:    5000000 kB
        AnonHugePages:    100000 kB
        ShmemHugePages:        0 kB
        ShmemPmdMapped:        0 kB
        HugePages_Total:       0
        Hugepagesize:       2048 kB
        DirectMap4k:      200000 kB

        """;

    public const string Cpuinfo = """
        processor	: 0
        vendor_id	: GenuineIntel
        core id		: 0
        apicid		: 0

        processor	: 1
        vendor_id	: GenuineIntel
        core id		: 1
        apicid		: 2

        processor	: 2
        vendor_id	: GenuineIntel
        core id		: 2
        apicid		: 4

        processor	: 3
        vendor_id	: GenuineIntel
        core id		: 3
        apicid		: 6


        """;

    public const string Stat = """
        cpu  40000 100 20000 300000 500 0 300 0 0 0
        cpu0 10000 25 5000 75000 125 0 75 0 0 0
        cpu1 10000 25 5000 75000 125 0 75 0 0 0
        cpu2 10000 25 5000 75000 125 0 75 0 0 0
        cpu3 10000 25 5000 75000 125 0 75 0 0 0
        intr 123456 0 0
        ctxt 654321
        btime 1700000000
        processes 4242
        procs_running 3
        procs_blocked 0
        softirq 9999 0 0

        """;

    public const string Uptime = "1000.00 3600.00\n";

    public const string Swaps = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";

    public const string Diskstats = """
           7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
           8       0 sda 5000 10 80000 300 7000 20 120000 900 0 1200 1200 0 0 0 0 100 5
           8       1 sda1 4000 10 70000 250 6000 20 110000 800 0 1000 1050 0 0 0 0 0 0
         253       0 dm-0 100 0 800 10 200 0 1600 20 0 30 30 0 0 0 0 0 0

        """;

    public const string Loadavg = "0.50 0.40 0.30 2/300 4242\n";
}
