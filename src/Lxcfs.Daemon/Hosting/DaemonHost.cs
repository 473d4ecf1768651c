using System.Diagnostics;
using System.Globalization;
using Lxcfs.Daemon.Cli;
using Lxcfs.Daemon.Healing;
using Lxcfs.Daemon.Metrics;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Fuse.Handoff;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Fuse.Session;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Hosting;

/// <summary>
/// The daemon's lifetime: take the connection over from a running predecessor or mount afresh, serve,
/// hand the connection to a successor when one asks, and unmount on SIGTERM/SIGINT otherwise.
/// </summary>
public sealed class DaemonHost
{
    private static readonly TimeSpan s_handoffTimeout = TimeSpan.FromSeconds(10);

    // What the instance says once it serves and can hand over; set by a take-over, else made then.
    private string? _announcement;

    private readonly DaemonOptions _options;
    private readonly IViewSource _views;
    private readonly FsDirectory _root;
    private readonly DaemonMetrics? _metrics;

    // Whether /readyz says ready: from the announcement on, except while (and after) handing over.
    private volatile bool _serving;

    // Numbered once it is known whether a predecessor's ids are to be kept.
    private FsTree? _tree;
    private FuseProtocolServer? _server;

    // The connections that have served this mount point: healing re-binds only their dead files.
    private IReadOnlyCollection<string> _ownConnections = [];

    /// <param name="options">the command line</param>
    /// <param name="views">what the files show</param>
    /// <param name="metrics">what the daemon counts, served at <see cref="DaemonOptions.MetricsAddress"/>; null when metrics are off</param>
    public DaemonHost(DaemonOptions options, IViewSource views, DaemonMetrics? metrics = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _views = views ?? throw new ArgumentNullException(nameof(views));
        _metrics = options.MetricsAddress is null ? null : metrics;
        _root = LxcfsTree.Build(_views, _options.OmittedFiles, _metrics);
    }

    /// <summary>Runs until a signal, the end of the connection or a hand-off; returns the process exit code.</summary>
    public int Run()
    {
        var started = Stopwatch.StartNew();
        using var stop = new StopSignal();
        if (_options.CgroupRequested)
        {
            DaemonLog.Info("--enable-cgroup: /cgroup is not served (LXCFS 7.0 removed its cgroupfs emulation); /proc and /sys are");
        }

        var takenOver = TakeOver(started);
        var (session, pidFile) = takenOver ?? MountFresh(started);
        using (session)
        using (pidFile)
        {
            // Bound before this instance says it serves: a successor started as soon as it does finds the
            // socket (its request waits in the backlog while the healer runs).
            using var listener = _options.HandoffSocket is { } path ? HandoffListener.Bind(path, _options.MountPoint) : null;
            DaemonLog.Info(_announcement ?? FreshAnnouncement(started));
            _serving = true;
            // Off the readers' threads; after a take-over it waits for the predecessor to free the port.
            using var metricsServer = StartMetrics(session);
            // After the readers run: the healer opens containers' binds, which this daemon now answers.
            if (takenOver is null && _options.Heal)
            {
                var healed = MountHealer.Heal(_options.MountPoint, _ownConnections);
                _metrics?.Healed(healed);
            }

            WaitHandle[] wakers = listener is null
                ? [stop.WaitHandle, ((IAsyncResult)session.Ended).AsyncWaitHandle]
                : [stop.WaitHandle, ((IAsyncResult)session.Ended).AsyncWaitHandle, listener.Requested];
            while (true)
            {
                var signalled = WaitHandle.WaitAny(wakers);
                if (signalled == 2 && listener!.TakeRequest() is { } request && HandOver(session, request))
                {
                    // First, so that a successor on the same host network binds the port as soon as it can.
                    metricsServer?.Dispose();
                    listener.Dispose();
                    pidFile.Release();
                    session.Dispose();
                    return AfterHandoff(stop);
                }

                if (stop.Received is { } signal)
                {
                    DaemonLog.Info($"stopping: received {signal}");
                    FuseMounter.Unmount(_options.MountPoint);
                    return 0;
                }

                if (session.Ended.IsCompleted)
                {
                    DaemonLog.Info($"stopping: connection ended ({session.Ended.Result})");
                    return 0;
                }
            }
        }
    }

    private (FuseSession Session, PidFileLock PidFile)? TakeOver(Stopwatch started)
    {
        if (_options.HandoffSocket is not { } path || HandoffClient.TryTakeOver(path, _options.MountPoint, s_handoffTimeout) is not { } received)
        {
            return null;
        }

        FuseProtocolServer server;
        try
        {
            server = Serve(LxcfsTree.Number(_root, received.State.Nodes));
            server.Adopt(received.State.Negotiated);
            server.ImportHandles(received.State.Handles);
        }
        catch (Exception e) when (e is FuseException or ArgumentException)
        {
            // Before the predecessor lets go: it hears why and serves on.
            HandoffClient.Refuse(received.Predecessor, e.Message);
            received.Device.Dispose();
            throw new FuseException($"cannot take the connection over from the running instance, which serves on: {e.Message}");
        }

        var histories = ImportViewState(received.State.ViewState);
        var session = new FuseSession(received.Device, server, HostCgroupNamespace.JoinOnThisThread);
        session.RequestResend();
        session.Start(_options.Readers);
        HandoffClient.Confirm(received.Predecessor);
        _metrics?.HandoffTaken();
        var pidFile = PidFileLock.Acquire(_options.PidFile, s_handoffTimeout);
        RecordConnections([]); // under the pidfile's lock, like a fresh mount's; a predecessor of an older release kept no record
        _announcement = string.Create(CultureInfo.InvariantCulture, $"serving {_options.MountPoint} (pid {Environment.ProcessId}): took the live connection over from the running instance in {started.Elapsed.TotalMilliseconds:F0} ms with {received.State.Handles.Count} open files, {(received.State.Nodes is null ? "the first release's node ids" : $"{received.State.Nodes.Count} node ids")} ({_tree!.Retired.Count} retired) and {histories} load-average histories");
        return (session, pidFile);
    }

    private (FuseSession Session, PidFileLock PidFile) MountFresh(Stopwatch started)
    {
        var pidFile = PidFileLock.Acquire(_options.PidFile);
        try
        {
            var deadHere = OwnConnections.AtMountPoint(MountTable.Read(), _options.MountPoint);
            if (FuseMounter.Prepare(_options.MountPoint, _options.Mount))
            {
                DaemonLog.Warn($"detached a dead mount left at {_options.MountPoint} by an instance that did not exit cleanly");
            }

            if (HostCgroupNamespace.Differs)
            {
                DaemonLog.Info("running in a private cgroup namespace: readers join pid 1's to see containers' cgroup paths");
            }

            foreach (var ignored in _options.IgnoredMountOptions)
            {
                DaemonLog.Info($"mount option '{ignored}' has no effect on this daemon");
            }

            var session = new FuseSession(FuseDevice.Open(), Serve(LxcfsTree.Number(_root, predecessor: null)), HostCgroupNamespace.JoinOnThisThread);
            try
            {
                FuseMounter.Mount(session.Device, _options.MountPoint, _options.Mount);
                session.Initialize();
                session.Start(_options.Readers);
                RecordConnections(deadHere);
            }
            catch
            {
                FuseMounter.Unmount(_options.MountPoint);
                session.Dispose();
                throw;
            }

            return (session, pidFile);
        }
        catch
        {
            pidFile.Dispose();
            throw;
        }
    }

    /// <summary>Adds the connection now mounted, and <paramref name="earlier"/> ones found at the mount point, to the record beside the pidfile.</summary>
    private void RecordConnections(IReadOnlyList<string> earlier)
    {
        var devices = earlier.ToList();
        if (MountTable.Find(MountTable.Read(), _options.MountPoint) is { } mounted)
        {
            devices.Add(mounted.Device);
        }

        var path = OwnConnections.RecordPath(_options.PidFile);
        _ownConnections = OwnConnections.Add(path, devices, out var error) ?? [.. OwnConnections.Load(path), .. devices];
        if (error is not null)
        {
            DaemonLog.Warn($"cannot record this mount's connection in {path} ({error}): after a clean stop, the next instance heals only the dead mounts it finds at {_options.MountPoint}");
        }
    }

    private string FreshAnnouncement(Stopwatch started) =>
        string.Create(CultureInfo.InvariantCulture, $"serving {_options.MountPoint} (pid {Environment.ProcessId}, mounted in {started.Elapsed.TotalMilliseconds:F0} ms, cfs={_options.Views.EnableCfs}, loadavg={_options.Views.EnableLoadavg}, swap={!_options.Views.DisableSwap})");

    private FuseProtocolServer Serve(FsTree tree)
    {
        _tree = tree;
        var server = new FuseProtocolServer(tree, new FuseServerOptions { Trace = _options.Debug ? TraceRequest : null });
        _server = server;
        _metrics?.OpenFiles = () => server.OpenHandles;
        return server;
    }

    private int ImportViewState(byte[] bytes)
    {
        try
        {
            return _views.ImportState(ViewStateCodec.Decode(bytes));
        }
        catch (InvalidDataException e)
        {
            // Not worth refusing an upgrade for: the averages restart from zero, as after a restart.
            DaemonLog.Warn($"the predecessor's view state is not usable ({e.Message}): load averages and CPU lines start afresh");
            return 0;
        }
    }

    /// <summary>Stops serving between requests and gives the connection away; resumes serving if the successor fails.</summary>
    private bool HandOver(FuseSession session, HandoffRequest request)
    {
        using (request.Successor)
        {
            if (request.Format == HandoffFormat.First && !LxcfsTree.FirstReleaseAgrees(_tree!))
            {
                HandoffClient.Refuse(request.Successor, "this tree's node ids mean other files than the first release's");
                _metrics?.HandoffRefused();
                DaemonLog.Warn("a successor of the first release asked for the connection, but it would number this tree's files otherwise: refused, serving on");
                return false;
            }

            var clock = Stopwatch.StartNew();
            _serving = false;
            session.Stop();
            try
            {
                var viewState = request.Format == HandoffFormat.First ? [] : ViewStateCodec.Encode(_views.ExportState());
                var state = new HandoffState(_server!.Negotiated!, _tree!.Identities, _server.ExportHandles(), viewState);
                if (HandoffClient.Give(request, session.Device, state, s_handoffTimeout, out var why))
                {
                    _metrics?.HandoffGiven();
                    DaemonLog.Info(string.Create(CultureInfo.InvariantCulture, $"handed the connection to a successor in format {(int)request.Format} ({state.Handles.Count} open files, {state.Nodes!.Count} node ids, {viewState.Length} bytes of view state, paused {clock.Elapsed.TotalMilliseconds:F0} ms)"));
                    return true;
                }

                DaemonLog.Warn($"the successor did not take the connection over ({why}): serving on");
            }
            catch (Exception e) when (e is FuseException or System.Net.Sockets.SocketException or IOException)
            {
                DaemonLog.Warn($"hand-off failed ({e.Message}): serving on");
            }

            _metrics?.HandoffRefused();
            session.Start(_options.Readers);
            _serving = true;
            return false;
        }
    }

    private MetricsServer? StartMetrics(FuseSession session)
    {
        if (_options.MetricsAddress is not { } address || _metrics is not { } metrics)
        {
            return null;
        }

        metrics.ReaderTurns = () => (session.TurnsYielded, session.TurnsTakenFromStalls);
        return MetricsServer.Start(address, metrics, () => Unhealthy(session), () => _serving ? null : "not serving: starting, or handing the connection over");
    }

    /// <summary>Why the instance is unhealthy, or null: its FUSE connection lives and is mounted where it should be.</summary>
    private string? Unhealthy(FuseSession session)
    {
        if (session.Ended.IsCompleted)
        {
            return $"the FUSE connection ended ({session.Ended.Result})";
        }

        return MountTable.Find(MountTable.Read(), _options.MountPoint) is { FsType: "fuse.lxcfs" } ? null : $"{_options.MountPoint} is not an lxcfs mount";
    }

    private int AfterHandoff(StopSignal stop)
    {
        if (_options.AfterHandoff == Cli.AfterHandoff.Wait)
        {
            stop.WaitHandle.WaitOne();
            DaemonLog.Info($"stopping after the hand-off: received {stop.Received}; the successor keeps the mount");
        }

        return 0;
    }

    private static void TraceRequest(FuseInHeader header, int errno) =>
        DaemonLog.Debug(string.Create(CultureInfo.InvariantCulture, $"{header.Opcode} unique={header.Unique} node={header.NodeId} pid={header.Pid} uid={header.Uid} -> {(errno == 0 ? "ok" : "errno " + errno)}"));
}
