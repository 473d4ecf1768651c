using System.Diagnostics;
using System.Globalization;

namespace Lxcfs.Containers.Tests;

/// <summary>What a reader container last reported: whether its last read was valid, and its loop count.</summary>
internal sealed record ReaderStatus(bool Ok, long Loop);

/// <summary>
/// Containers that read meminfo and stat in a loop and publish each result to a host directory, so the
/// test sees what the container sees without the cost of a <c>podman exec</c> per look.
/// </summary>
internal sealed class ReaderFleet : IDisposable
{
    // head, not busybox cat: cat copies with sendfile, which is tested on its own. Valid means: both files open and read, meminfo has its MemTotal line, stat its aggregate cpu line.
    private const string ReaderLoop = """
        i=0
        while :; do
          i=$((i+1))
          if head -n 1000 /proc/meminfo >/tmp/m 2>/dev/null && grep -q '^MemTotal: *[0-9][0-9]* kB$' /tmp/m \
             && head -n 1000 /proc/stat >/tmp/s 2>/dev/null && grep -q '^cpu  *[0-9]' /tmp/s; then r=ok; else r=fail; fi
          echo "$r $i" >/out/status.tmp && mv /out/status.tmp /out/status
          sleep 0.1
        done
        """;

    private readonly List<Container> _containers = [];
    private readonly string _outDir = Directory.CreateTempSubdirectory("lxcfs-test-readers-").FullName;

    public IReadOnlyList<Container> Containers => _containers;

    /// <summary>Starts <paramref name="count"/> readers; the first binds the files read-only, the others read-write.</summary>
    public static ReaderFleet Start(string mountPoint, int count)
    {
        var fleet = new ReaderFleet();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var outDir = Directory.CreateDirectory(Path.Combine(fleet._outDir, i.ToString(CultureInfo.InvariantCulture))).FullName;
                fleet._containers.Add(Container.Start(["--memory", "64m", "-v", $"{outDir}:/out", .. Podman.LxcfsVolumes(mountPoint, i == 0 ? "ro" : "rw")], ReaderLoop));
            }

            return fleet;
        }
        catch
        {
            fleet.Dispose();
            throw;
        }
    }

    public ReaderStatus?[] Statuses() => [.. Enumerable.Range(0, _containers.Count).Select(Status)];

    /// <summary>Waits until every reader's status satisfies <paramref name="done"/>; returns how long it took, or null on timeout.</summary>
    public TimeSpan? WaitAll(Func<int, ReaderStatus, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        do
        {
            var statuses = Statuses();
            if (statuses.Select((s, i) => s is not null && done(i, s)).All(b => b))
            {
                return clock.Elapsed;
            }

            Thread.Sleep(10);
        }
        while (clock.Elapsed < timeout);
        return null;
    }

    public void Dispose()
    {
        Parallel.ForEach(_containers, new ParallelOptions { MaxDegreeOfParallelism = 4 }, c => c.Dispose());
        Directory.Delete(_outDir, recursive: true);
    }

    private ReaderStatus? Status(int index)
    {
        try
        {
            var parts = File.ReadAllText(Path.Combine(_outDir, index.ToString(CultureInfo.InvariantCulture), "status")).Split(' ', StringSplitOptions.TrimEntries);
            return parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var loop) ? new ReaderStatus(parts[0] == "ok", loop) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
