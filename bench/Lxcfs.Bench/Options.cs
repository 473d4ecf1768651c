using System.Globalization;

namespace Lxcfs.Bench;

/// <summary>
/// The read benchmark's settings: the mounts compared, the parts to run, the files, and how long each part
/// runs. Where the reader sits (cgroup, pid namespace, CPU) is the caller's doing.
/// </summary>
/// <param name="Ours">the daemon's mount point</param>
/// <param name="Lxcfs">the lxcfs mount point</param>
/// <param name="Floor">the raw C floor's constant file</param>
/// <param name="LayerFloor">the constant file served through our FUSE layer, if measured</param>
/// <param name="ForcedReads">the forced-reads helper (bench/native/forced-reads.c), if its column is measured</param>
/// <param name="Metrics">the mount point of a second daemon serving metrics, if its column is measured</param>
/// <param name="Parts">what to measure and print: view, latency, identify (the helper's timing of how the daemon
/// checks a caller), throughput</param>
/// <param name="PinnedCpu">the CPU the caller pinned the reader and every server to, for the report only</param>
/// <param name="Files">paths relative to both mount points</param>
/// <param name="Rounds">alternating latency rounds</param>
/// <param name="ReadsPerRound">reads of each file per round</param>
/// <param name="Seconds">how long each throughput measurement runs</param>
/// <param name="Threads">concurrent readers for throughput</param>
internal sealed record Options(
    string Ours,
    string Lxcfs,
    string Floor,
    string? LayerFloor,
    string? ForcedReads,
    string? Metrics,
    IReadOnlyList<string> Parts,
    string? PinnedCpu,
    IReadOnlyList<string> Files,
    int Rounds,
    int ReadsPerRound,
    double Seconds,
    int Threads)
{
    public const string Usage =
        "usage: lxcfs-bench fuse --ours DIR --lxcfs DIR --floor FILE [--layer-floor FILE] [--forced-reads HELPER] [--metrics DIR]\n" +
        "                        [--parts view,latency,identify,throughput]\n" +
        "                        [--pinned CPU] [--files proc/uptime,...] [--rounds N] [--reads N] [--seconds S] [--threads N]\n" +
        "       lxcfs-bench floor DIR [READERS]";

    public static Options Parse(string[] args)
    {
        string? Find(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        string Get(string name, string fallback) => Find(name) ?? fallback;
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new Options(
            Find("--ours") ?? throw new ArgumentException("--ours is required"),
            Find("--lxcfs") ?? throw new ArgumentException("--lxcfs is required"),
            Find("--floor") ?? throw new ArgumentException("--floor is required"),
            Find("--layer-floor"),
            Find("--forced-reads"),
            Find("--metrics"),
            Get("--parts", "view,latency,throughput").Split(','),
            Find("--pinned"),
            Get("--files", "proc/uptime,proc/meminfo,proc/cpuinfo,proc/stat,proc/loadavg,proc/swaps,proc/diskstats,sys/devices/system/cpu/online").Split(','),
            Int("--rounds", 30),
            Int("--reads", 60),
            double.Parse(Get("--seconds", "0.5"), CultureInfo.InvariantCulture),
            Int("--threads", 8));
    }
}
