using Lxcfs.Fuse.Session;
using Lxcfs.Proc.Loadavg;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Hosting;

/// <summary>The per-container view source the daemon serves, with the loadavg sampler it needs under <c>-l</c>.</summary>
public sealed class ViewSources : IDisposable
{
    private readonly LoadavgSampler? _sampler;

    private ViewSources(ContainerViewSource source, LoadavgSampler? sampler)
    {
        Source = source;
        _sampler = sampler;
    }

    public ContainerViewSource Source { get; }

    public static ViewSources Create(ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sampler = options.EnableLoadavg ? new LoadavgSampler() : null;
        var source = new ContainerViewSource(options, roots: null, loadavg: sampler, onFallback: fallback =>
            DaemonLog.Info($"{ServedFiles.Of(fallback.File).Path} for pid {fallback.CallerPid}: serving the host's file ({fallback.Reason}; {fallback.Suppressed} more since the last such line)"),
            beforeSlowWork: FuseSession.YieldReadingTurn);
        sampler?.Start();
        return new ViewSources(source, sampler);
    }

    public void Dispose() => _sampler?.StopAsync().GetAwaiter().GetResult();
}
