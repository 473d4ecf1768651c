using System.Globalization;
using Lxcfs.Daemon.Healing;
using Lxcfs.Daemon.Hosting;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Metrics;

/// <summary>
/// What the daemon counts about itself, and its Prometheus exposition. Reads are counted per served file
/// by <see cref="FileReadMeter"/>s on the FUSE path; everything else is a rare event (hand-off, healing)
/// or read from its owner at scrape time (resolver cache, fallbacks, open files, memory).
/// </summary>
public sealed class DaemonMetrics
{
    private readonly FileReadMeter[] _reads = [.. ServedFiles.All.Select(_ => new FileReadMeter())];
    private readonly double _startTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
    private long _handoffsGiven, _handoffsTaken, _handoffsRefused;
    private long _healPasses, _mountsRebound, _mountsNotRebound;

    /// <param name="views">the per-container views, whose resolver and fallbacks are reported; none in unit tests</param>
    public DaemonMetrics(ContainerViewSource? views = null) => Views = views;

    public ContainerViewSource? Views { get; }

    /// <summary>Open handles now, once the protocol server exists.</summary>
    public Func<int>? OpenFiles { get; set; }

    /// <summary>The FUSE session's reading-turn counts (given up before slow work, taken from a stuck reader), once it serves.</summary>
    public Func<(long Yielded, long Stalled)>? ReaderTurns { get; set; }

    public IReadMeter ReadMeter(ViewFile file) => _reads[(int)file];

    public void HandoffGiven() => Interlocked.Increment(ref _handoffsGiven);

    public void HandoffTaken() => Interlocked.Increment(ref _handoffsTaken);

    public void HandoffRefused() => Interlocked.Increment(ref _handoffsRefused);

    public void Healed(HealReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Interlocked.Increment(ref _healPasses);
        Interlocked.Add(ref _mountsRebound, report.MountsHealed);
        Interlocked.Add(ref _mountsNotRebound, report.MountsFailed);
    }

    /// <summary>The exposition text of every metric.</summary>
    public string Scrape()
    {
        var writer = new ExpositionWriter();
        WriteReads(writer);
        WriteContainers(writer);
        writer.Family("lxcfs_handoffs_total", "counter", "Upgrade hand-offs of the FUSE connection: given to a successor, taken from a predecessor, refused or failed (serving on).");
        writer.Sample("lxcfs_handoffs_total", Interlocked.Read(ref _handoffsGiven), ("outcome", "given"));
        writer.Sample("lxcfs_handoffs_total", Interlocked.Read(ref _handoffsTaken), ("outcome", "taken"));
        writer.Sample("lxcfs_handoffs_total", Interlocked.Read(ref _handoffsRefused), ("outcome", "refused"));
        writer.Family("lxcfs_heal_passes_total", "counter", "Crash-healing passes over the mount namespaces (one per fresh mount).");
        writer.Sample("lxcfs_heal_passes_total", Interlocked.Read(ref _healPasses));
        writer.Family("lxcfs_heal_rebound_mounts_total", "counter", "Containers' dead lxcfs bind mounts re-bound to the live mount.");
        writer.Sample("lxcfs_heal_rebound_mounts_total", Interlocked.Read(ref _mountsRebound));
        writer.Family("lxcfs_heal_failed_mounts_total", "counter", "Containers' dead lxcfs bind mounts that could not be re-bound (each is logged).");
        writer.Sample("lxcfs_heal_failed_mounts_total", Interlocked.Read(ref _mountsNotRebound));
        if (OpenFiles is { } openFiles)
        {
            writer.Family("lxcfs_open_files", "gauge", "Files open through the mount now.");
            writer.Sample("lxcfs_open_files", openFiles());
        }

        if (ReaderTurns is { } readerTurns)
        {
            var (yielded, stalled) = readerTurns();
            writer.Family("lxcfs_reader_turns_total", "counter", "Times the turn to wait for FUSE requests passed to another reader thread: yielded before slow work, or taken from a reader stalled in one request.");
            writer.Sample("lxcfs_reader_turns_total", yielded, ("reason", "yielded"));
            writer.Sample("lxcfs_reader_turns_total", stalled, ("reason", "stalled"));
        }

        WriteProcess(writer);
        return writer.ToString();
    }

    private void WriteReads(ExpositionWriter writer)
    {
        var snapshots = _reads.Select(r => r.Snapshot()).ToArray();
        writer.Family("lxcfs_reads_total", "counter", "Reads answered with content, per served file: one per rendering (an open, a read to the end and a close make one).");
        foreach (var served in ServedFiles.All)
        {
            writer.Sample("lxcfs_reads_total", snapshots[(int)served.File].Count, ("file", served.Path));
        }

        writer.Family("lxcfs_read_errors_total", "counter", "Opens and reads answered with an errno instead of content, per served file.");
        foreach (var served in ServedFiles.All)
        {
            writer.Sample("lxcfs_read_errors_total", snapshots[(int)served.File].Failed, ("file", served.Path));
        }

        writer.Family("lxcfs_read_duration_seconds", "histogram", "Time the daemon took to render a read's content, per served file (the kernel's round trips excluded).");
        foreach (var served in ServedFiles.All)
        {
            var reads = snapshots[(int)served.File];
            writer.Histogram("lxcfs_read_duration_seconds", ("file", served.Path), FileReadMeter.Bounds, reads.Buckets, reads.SumSeconds);
        }
    }

    private void WriteContainers(ExpositionWriter writer)
    {
        if (Views is not { } views)
        {
            return;
        }

        var resolver = views.Containers;
        writer.Family("lxcfs_containers", "gauge", "Containers (pid namespaces) in the resolver's cache.");
        writer.Sample("lxcfs_containers", resolver.CachedCount);
        writer.Family("lxcfs_container_cache_hits_total", "counter", "Callers resolved to their container from the cache.");
        writer.Sample("lxcfs_container_cache_hits_total", resolver.Hits);
        writer.Family("lxcfs_container_cache_misses_total", "counter", "Callers whose container was not cached (or whose cached init had exited) and was looked up afresh.");
        writer.Sample("lxcfs_container_cache_misses_total", resolver.Misses);
        writer.Family("lxcfs_host_fallbacks_total", "counter", "Reads answered with the host's file because the caller's container or cgroup could not be read.");
        writer.Sample("lxcfs_host_fallbacks_total", views.FallbackCount);
    }

    // The usual process metrics, under the names every Prometheus client library gives them.
    private void WriteProcess(ExpositionWriter writer)
    {
        writer.Family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.");
        writer.Sample("process_start_time_seconds", _startTime);
        if (ResidentBytes() is { } resident)
        {
            writer.Family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
            writer.Sample("process_resident_memory_bytes", resident);
        }

        writer.Family("lxcfs_build_info", "gauge", "The daemon's version, as a label; always 1.");
        writer.Sample("lxcfs_build_info", 1, ("version", DaemonVersion.Text));
    }

    private static long? ResidentBytes()
    {
        try
        {
            // statm: size resident shared ..., in pages.
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
