using System.Diagnostics;
using System.Globalization;
using Lxcfs.Daemon.Cli;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Fuse.Session;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Hosting;

/// <summary>The daemon's lifetime: lock the pidfile, heal and mount, serve, and unmount on SIGTERM/SIGINT.</summary>
public sealed class DaemonHost
{
    private readonly DaemonOptions _options;
    private readonly IViewSource _views;

    public DaemonHost(DaemonOptions options, IViewSource views)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _views = views ?? throw new ArgumentNullException(nameof(views));
    }

    /// <summary>Runs until a signal or the end of the connection; returns the process exit code.</summary>
    public int Run()
    {
        var started = Stopwatch.StartNew();
        using var stop = new StopSignal();
        using var pidFile = PidFileLock.Acquire(_options.PidFile);
        if (FuseMounter.Prepare(_options.MountPoint, _options.Mount))
        {
            DaemonLog.Warn($"detached a dead mount left at {_options.MountPoint} by an instance that did not exit cleanly");
        }

        foreach (var ignored in _options.IgnoredMountOptions)
        {
            DaemonLog.Info($"mount option '{ignored}' has no effect on this daemon");
        }

        var server = new FuseProtocolServer(LxcfsTree.Build(_views), new FuseServerOptions { Trace = _options.Debug ? TraceRequest : null });
        using var session = new FuseSession(FuseDevice.Open(), server);
        FuseMounter.Mount(session.Device, _options.MountPoint, _options.Mount);
        try
        {
            session.Initialize();
            session.Start(_options.Readers);
            DaemonLog.Info(string.Create(CultureInfo.InvariantCulture, $"serving {_options.MountPoint} (pid {Environment.ProcessId}, mounted in {started.Elapsed.TotalMilliseconds:F0} ms, cfs={_options.Views.EnableCfs}, loadavg={_options.Views.EnableLoadavg}, swap={!_options.Views.DisableSwap})"));
            var reason = WaitForStop(stop, session);
            DaemonLog.Info($"stopping: {reason}");
        }
        finally
        {
            FuseMounter.Unmount(_options.MountPoint);
        }

        return 0;
    }

    private static string WaitForStop(StopSignal stop, FuseSession session)
    {
        WaitHandle.WaitAny([stop.WaitHandle, ((IAsyncResult)session.Ended).AsyncWaitHandle]);
        return stop.Received is { } signal ? $"received {signal}" : $"connection ended ({session.Ended.Result})";
    }

    private static void TraceRequest(FuseInHeader header, int errno) =>
        DaemonLog.Debug(string.Create(CultureInfo.InvariantCulture, $"{header.Opcode} unique={header.Unique} node={header.NodeId} pid={header.Pid} uid={header.Uid} -> {(errno == 0 ? "ok" : "errno " + errno)}"));
}
