using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Cli;

/// <summary>
/// The daemon's options while the command line is read. The settings that depend on one another or
/// on the whole line (the pidfile on the runtime directory, the hand-off socket on the pidfile, the
/// single mount point) stay raw until <see cref="Finish"/>.
/// </summary>
internal sealed record CommandLineDraft
{
    /// <summary>Everything that needs no resolving; its defaults are the daemon's.</summary>
    public DaemonOptions Options { get; init; } = new() { MountPoint = string.Empty };

    public string? MountPoint { get; init; }

    public string? PidFile { get; init; }

    public string? RuntimeDir { get; init; }

    /// <summary>The <c>-o</c> list as given.</summary>
    public string? MountOptionList { get; init; }

    /// <summary>As given: a path, <c>none</c>, or null for beside the pidfile.</summary>
    public string? HandoffSocket { get; init; }

    public CommandLineDraft WithOptions(Func<DaemonOptions, DaemonOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return this with { Options = change(Options) };
    }

    public CommandLineDraft WithViews(Func<ViewOptions, ViewOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return this with { Options = Options with { Views = change(Options.Views) } };
    }

    /// <summary>The options to run with, or why there are none.</summary>
    public CommandLineResult Finish()
    {
        if (MountPoint is null)
        {
            return new CommandLineResult.Invalid("missing mount point");
        }

        var (mount, ignored, error) = MountOptionParser.Parse(MountOptionList);
        if (error is not null)
        {
            return new CommandLineResult.Invalid(error);
        }

        var pidFile = PidFile ?? Path.Combine(RuntimeDir ?? "/run", "lxcfs.pid");
        return new CommandLineResult.Run(Options with
        {
            MountPoint = Path.GetFullPath(MountPoint),
            PidFile = pidFile,
            HandoffSocket = HandoffSocket switch
            {
                "none" => null,
                null => BesidePidFile(Path.GetFullPath(pidFile)),
                _ => Path.GetFullPath(HandoffSocket),
            },
            Mount = mount,
            IgnoredMountOptions = ignored,
        });
    }

    /// <summary>
    /// The default hand-off socket: <c>/run/lxcfs.pid</c> gives <c>/run/lxcfs.handoff.sock</c>, and any
    /// other name gets the suffix whole. Only <c>.pid</c> is taken off: mktemp names such as
    /// <c>/tmp/tmp.XXXXXXXXXX</c> have a random "extension", and dropping it would give every such
    /// pidfile the same socket, which each new instance would delete under the previous one.
    /// </summary>
    private static string BesidePidFile(string pidFile) =>
        (pidFile.EndsWith(".pid", StringComparison.Ordinal) ? pidFile[..^".pid".Length] : pidFile) + ".handoff.sock";
}
