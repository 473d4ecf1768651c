using System.Net;
using Lxcfs.Fuse.Session;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Cli;

/// <summary>The daemon's settings, from an lxcfs-compatible command line.</summary>
public sealed record DaemonOptions
{
    public const string DefaultPidFile = "/run/lxcfs.pid";

    public required string MountPoint { get; init; }

    public ViewOptions Views { get; init; } = new(EnableCfs: false);

    public string PidFile { get; init; } = DefaultPidFile;

    public FuseMountOptions Mount { get; init; } = new();

    /// <summary><c>-d</c>: log every request.</summary>
    public bool Debug { get; init; }

    /// <summary>Reader threads serving the device.</summary>
    public int Readers { get; init; } = FuseSession.DefaultReaders;

    /// <summary>
    /// The unix socket of the upgrade hand-off: a new instance asks the running one here for its live
    /// connection. Null disables the hand-off.
    /// </summary>
    public string? HandoffSocket { get; init; }

    /// <summary>What an instance does once a successor took its connection over.</summary>
    public AfterHandoff AfterHandoff { get; init; } = AfterHandoff.Exit;

    /// <summary>The process whose cgroup namespace reader threads join when the daemon's own differs (1: the host's init under hostPID).</summary>
    public int CgroupNamespacePid { get; init; } = 1;

    /// <summary>Re-bind containers' files that point into a dead mount, after mounting fresh.</summary>
    public bool Heal { get; init; } = true;

    /// <summary>
    /// <c>--enable-cgroup</c> was given: LXCFS 6.0's switch for its /cgroup emulation, which 6.0's own
    /// test runner passes. Accepted so such command lines start; /cgroup is not served (LXCFS 7.0
    /// removed it), which the daemon says once at start.
    /// </summary>
    public bool CgroupRequested { get; init; }

    /// <summary>Where to serve Prometheus metrics and the health endpoints over HTTP; null (the default, as lxcfs): nowhere.</summary>
    public IPEndPoint? MetricsAddress { get; init; }

    /// <summary>Option words given with <c>-o</c> that mean nothing to this daemon; reported once at start.</summary>
    public IReadOnlyList<string> IgnoredMountOptions { get; init; } = [];

    /// <summary>
    /// Files, relative to the mount root (e.g. <c>proc/swaps</c>), left out of the served tree: an
    /// instance that serves fewer files stands in for another version when testing upgrades.
    /// </summary>
    public IReadOnlyList<string> OmittedFiles { get; init; } = [];
}

/// <summary>What an instance does after handing its connection to a successor.</summary>
public enum AfterHandoff
{
    /// <summary>Exit 0 at once (a manual or scripted upgrade).</summary>
    Exit,

    /// <summary>
    /// Stay idle until signalled, then exit 0 without unmounting. Under a Kubernetes DaemonSet an exit
    /// would make the kubelet restart the old pod's container, which would take the connection back.
    /// </summary>
    Wait,
}
