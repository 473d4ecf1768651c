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
    public int Readers { get; init; } = 4;

    /// <summary>Option words given with <c>-o</c> that mean nothing to this daemon; reported once at start.</summary>
    public IReadOnlyList<string> IgnoredMountOptions { get; init; } = [];
}
