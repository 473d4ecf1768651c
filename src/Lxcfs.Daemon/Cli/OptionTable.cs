using System.Globalization;

namespace Lxcfs.Daemon.Cli;

/// <summary>
/// The daemon's options, in the order <c>--help</c> lists them: lxcfs's own
/// (<c>[-f|-d] [-l] [-u] [--enable-cfs] [--enable-pidfd] [--enable-cgroup] [-p pidfile] [-o opts] [--runtime-dir dir] [-s] [-v] [-h]</c>),
/// so start scripts written for lxcfs work, and this daemon's additions.
/// </summary>
internal static class OptionTable
{
    public static IReadOnlyList<CommandLineOption> Rows { get; } =
    [
        new CommandLineOption.Flag(["-f", "--foreground"], "stay in the foreground (always the case; accepted for lxcfs scripts)", d => d),
        new CommandLineOption.Flag(["-d", "--debug"], "log every FUSE request", d => d.WithOptions(o => o with { Debug = true })),
        new CommandLineOption.Flag(["-l", "--enable-loadavg"], "sample /proc/loadavg per container (otherwise the host's file)", d => d.WithViews(v => v with { EnableLoadavg = true })),
        new CommandLineOption.Flag(["-u", "--disable-swap"], "report no swap in meminfo and swaps", d => d.WithViews(v => v with { DisableSwap = true })),
        new CommandLineOption.Flag(["--enable-cfs"], "count CPUs from the CFS quota as well as the cpuset", d => d.WithViews(v => v with { EnableCfs = true })),
        new CommandLineOption.Flag(["--enable-pidfd"], "accepted for compatibility (pid reuse is always guarded)", d => d),
        new CommandLineOption.Flag(["--enable-cgroup"], "accepted for lxcfs 6.0 scripts; /cgroup is not served (lxcfs 7.0 removed it)", d => d.WithOptions(o => o with { CgroupRequested = true })),
        new CommandLineOption.Valued(
            ["-p", "--pidfile"], "FILE", "pidfile, locked while running (default /run/lxcfs.pid)", "needs a file name",
            (d, file) => d with { PidFile = file }),
        new CommandLineOption.Valued(
            ["-o"], "OPTIONS", "mount options: allow_other, default_permissions, max_read=N, nonempty", "needs a comma-separated option list",
            (d, list) => d with { MountOptionList = list },
            Once: true),
        new CommandLineOption.Valued(
            ["--runtime-dir"], "DIR", "pidfile directory when -p is not given", "needs a directory",
            (d, dir) => d with { RuntimeDir = dir }),
        new CommandLineOption.Valued(
            ["--handoff-socket"], "P", "upgrade hand-off socket (default: beside the pidfile; \"none\" disables)", "needs a path (or none)",
            (d, socket) => d with { HandoffSocket = socket }),
        new CommandLineOption.Valued(
            ["--after-handoff"], "W", "exit (default) or wait for a signal after handing over to a successor", "takes exit or wait",
            (d, after) => after switch
            {
                "exit" => d.WithOptions(o => o with { AfterHandoff = AfterHandoff.Exit }),
                "wait" => d.WithOptions(o => o with { AfterHandoff = AfterHandoff.Wait }),
                _ => null,
            }),
        new CommandLineOption.Flag(["--no-heal"], "do not re-bind containers' files left on a dead mount", d => d.WithOptions(o => o with { Heal = false })),
        new CommandLineOption.Valued(
            ["--cgroupns-pid"], "N", "join the cgroup namespace of pid N when ours differs (default 1)", "needs a process id",
            (d, pid) => Number(pid) is > 0 and var n ? d.WithOptions(o => o with { CgroupNamespacePid = n }) : null),
        new CommandLineOption.Valued(
            ["--readers"], "N", "threads serving FUSE requests, one waiting at a time (default: one per CPU, 2 to 8)", "needs a number from 1 to 64",
            (d, readers) => Number(readers) is >= 1 and <= 64 and var n ? d.WithOptions(o => o with { Readers = n }) : null),
        new CommandLineOption.Valued(
            ["--omit-file"], "PATH",
            "serve the tree without PATH (relative to the mount root, e.g. proc/swaps; repeatable):\n"
                + "for testing upgrades across versions whose served files differ",
            "needs a path relative to the mount root without '..' (e.g. proc/swaps)",
            (d, path) => IsInsideTheMount(path) ? d.WithOptions(o => o with { OmittedFiles = [.. o.OmittedFiles, path] }) : null),
        new CommandLineOption.Valued(
            ["--metrics-address"], "ADDR:PORT",
            "serve Prometheus /metrics, /healthz and /readyz over plain HTTP there (e.g. 0.0.0.0:9883,\n"
                + "[::]:9883); off by default",
            "needs an IP address and a port, e.g. 0.0.0.0:9883 or [::]:9883",
            (d, address) => MetricsAddress.Parse(address) is { } endpoint ? d.WithOptions(o => o with { MetricsAddress = endpoint }) : null,
            Once: true),
        new CommandLineOption.Flag(["-s"], "accepted for compatibility, ignored", d => d),
        new CommandLineOption.Answer(["-v", "--version"], "print the version and exit", new CommandLineResult.ShowVersion()),
        new CommandLineOption.Answer(["-h", "--help"], "print this help and exit", new CommandLineResult.ShowHelp()),
    ];

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>Relative, and no <c>..</c> step that could climb out of the mount root.</summary>
    private static bool IsInsideTheMount(string path) =>
        !Path.IsPathRooted(path) && !path.Split('/').Contains("..");
}
