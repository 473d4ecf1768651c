using System.Buffers;
using Lxcfs.Buffers;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Containers;
using Lxcfs.Proc.IO;
using Lxcfs.Proc.Loadavg;
using Lxcfs.Proc.Rendering;

namespace Lxcfs.Proc.Views;

/// <summary>
/// Renders each view for the caller's container: caller → init of its pid namespace → cgroups →
/// snapshot → pure renderer. Whenever that chain breaks (process gone, cgroup removed, unreadable
/// file) the caller gets the host file; this never throws, and fallbacks are reported at most every
/// ten seconds.
/// </summary>
public sealed partial class ContainerViewSource : IViewSource
{
    private const long ReportIntervalMilliseconds = 10_000;
    private readonly ViewOptions _options;
    private readonly HostRoots _roots;
    private readonly LoadavgSampler? _loadavg;
    private readonly Action<ViewFallback>? _onFallback;
    private readonly ContainerResolver _resolver;
    private readonly CpuTimeLedger _ledger = new();
    private readonly RecentHostFile _hostCpuinfo;
    private byte[]? _swapsHeader;

    private readonly PerContainer<int[]> _visibleCpus = new();
    private readonly PerContainer<MemoryLimits> _memoryLimits = new();
    private long _fallbacks;
    private long _reportedFallbacks;
    private long _lastReport = long.MinValue;

    /// <param name="options">the command-line switches</param>
    /// <param name="roots">procfs/sysfs location; <see cref="HostRoots.Real"/> when null</param>
    /// <param name="loadavg">the sampler the daemon started for <c>-l</c>; loadavg is the host's without it</param>
    /// <param name="onFallback">told (rate-limited) when a read falls back to the host file</param>
    /// <param name="beforeSlowWork">called on the reading thread before work that may take long (<see cref="ContainerResolver"/>)</param>
    public ContainerViewSource(ViewOptions options, HostRoots? roots = null, LoadavgSampler? loadavg = null, Action<ViewFallback>? onFallback = null, Action? beforeSlowWork = null)
    {
        _options = options;
        _roots = roots ?? HostRoots.Real;
        _loadavg = loadavg;
        _onFallback = onFallback;
        _resolver = new ContainerResolver(_roots, beforeSlowWork);
        _hostCpuinfo = new RecentHostFile(_roots.HostPath(ViewFile.ProcCpuinfo), TimeSpan.FromSeconds(1));
        Layout = DetectLayout(_roots);
    }

    public CgroupLayout Layout { get; }

    /// <summary>Reads answered with the host file because of an error (not counting deliberate host answers).</summary>
    public long FallbackCount => Interlocked.Read(ref _fallbacks);

    /// <summary>The resolver of callers to their containers, for tests to see its cache working.</summary>
    public ContainerResolver Containers => _resolver;

    public void Render(ViewFile file, int callerPid, IBufferWriter<byte> output)
    {
        using var rendered = new PooledBufferWriter();
        try
        {
            if (Layout.Mode != CgroupMode.None && _resolver.Resolve(callerPid) is { } container
                && TryRenderFresh(file, callerPid, container, rendered))
            {
                output.Write(rendered.WrittenSpan);
                return;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Expected: IOException family (process or cgroup gone), UnauthorizedAccessException,
            // InvalidDataException. Anything else is a bug, but a reader must still get a file.
            ReportFallback(file, callerPid, e);
        }

        CopyHostFile(file, output);
    }

    /// <summary>
    /// Renders for a container that may have come from the resolver's cache. If its cgroup is gone (the
    /// init moved and the old cgroup was removed), the cached paths are expired and the caller resolved
    /// again once, rather than serving the host file until the cached paths are next re-read.
    /// </summary>
    private bool TryRenderFresh(ViewFile file, int callerPid, Container container, PooledBufferWriter output)
    {
        try
        {
            return TryRender(file, container, output);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && _resolver.ExpirePaths(container))
        {
            output.Reset();
            return _resolver.Resolve(callerPid) is { } fresh && TryRender(file, fresh, output);
        }
    }

    private bool TryRender(ViewFile file, Container container, PooledBufferWriter output) => ServedFiles.Of(file).Render(this, container, output);

    private void CopyHostFile(ViewFile file, IBufferWriter<byte> output)
    {
        using var host = new PooledBufferWriter();
        try
        {
            HostFile.CopyTo(_roots.HostPath(file), host);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // nothing sensible to serve: an empty file
        }

        output.Write(host.WrittenSpan);
    }

    private void ReportFallback(ViewFile file, int callerPid, Exception error)
    {
        var count = Interlocked.Increment(ref _fallbacks);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastReport);
        if (_onFallback is null || (last != long.MinValue && now - last < ReportIntervalMilliseconds)
            || Interlocked.CompareExchange(ref _lastReport, now, last) != last)
        {
            return;
        }

        var suppressed = count - 1 - Interlocked.Exchange(ref _reportedFallbacks, count);
        _onFallback(new ViewFallback(file, callerPid, error.GetType().Name + ": " + error.Message, Math.Max(0, suppressed)));
    }

    private static CgroupLayout DetectLayout(HostRoots roots)
    {
        try
        {
            return CgroupLayout.Detect(roots);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CgroupLayout.Parse(default);
        }
    }
}
